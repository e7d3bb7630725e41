-- Detection reads each product's (and product–event pair's) distinct authors per day over three years of history, for
-- every day it judges. Counted from the posts, that is a join over every post of the period (3.2 s a query at 1M posts on
-- SQLite); these tables keep the counts as posts are stored, so a query reads one row per day however many posts there are.
-- author_days: one row per (product, event or '' for the product itself, day, author, kind: 0 any post, 1 adverse-event post);
-- a new row adds one to its count in daily_counts, in the transaction that stores the post (see DbSignalStore.Counts).
CREATE TABLE author_days (
    product text NOT NULL,
    event   text NOT NULL,
    day     date NOT NULL,
    author  text NOT NULL,
    kind    integer NOT NULL,
    PRIMARY KEY (product, event, day, author, kind)
);
CREATE TABLE daily_counts (
    product         text NOT NULL,
    event           text NOT NULL,
    day             date NOT NULL,
    authors         integer NOT NULL,
    adverse_authors integer NOT NULL,
    PRIMARY KEY (product, event, day)
);
-- Storing a batch counts its new posts by id: post_products is keyed by (product, day, post_id), so without this index
-- each batch would read the whole table to find its posts' products.
CREATE INDEX post_products_post ON post_products (post_id);
INSERT INTO author_days (product, event, day, author, kind)
SELECT DISTINCT pp.product, '', pp.day, COALESCE(p.author_pseudonym, 'post:' || CAST(p.id AS text)), 0
FROM post_products pp JOIN posts p ON p.id = pp.post_id
UNION
SELECT DISTINCT pp.product, '', pp.day, COALESCE(p.author_pseudonym, 'post:' || CAST(p.id AS text)), 1
FROM post_products pp JOIN posts p ON p.id = pp.post_id WHERE p.category = 1
UNION
SELECT DISTINCT pp.product, pe.event, pp.day, COALESCE(p.author_pseudonym, 'post:' || CAST(p.id AS text)), 1
FROM post_products pp JOIN posts p ON p.id = pp.post_id JOIN post_events pe ON pe.post_id = p.id WHERE p.category = 1;
INSERT INTO daily_counts (product, event, day, authors, adverse_authors)
SELECT product, event, day, SUM(CASE WHEN kind = 0 THEN 1 ELSE 0 END), SUM(kind)
FROM author_days GROUP BY product, event, day;
