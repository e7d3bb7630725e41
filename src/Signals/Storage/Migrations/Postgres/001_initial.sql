-- Posts about watched products, with what matching and classification found.
-- (source, external_id) is the identity of a post: storing it again is a no-op.
CREATE TABLE posts (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source           text        NOT NULL,
    external_id      text        NOT NULL,
    url              text,
    author_pseudonym text,                 -- HMAC of the handle, never the handle itself
    language         text,
    created_at       timestamptz NOT NULL,
    day              date        NOT NULL, -- UTC day of created_at
    text             text        NOT NULL,
    ae_probability   real        NOT NULL,
    category         smallint    NOT NULL, -- 0 other, 1 adverse event, 2 product complaint
    model_version    text        NOT NULL,
    stored_at        timestamptz NOT NULL,
    UNIQUE (source, external_id)
);

CREATE TABLE post_products (
    post_id bigint NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    product text   NOT NULL,
    day     date   NOT NULL,
    PRIMARY KEY (product, day, post_id)
);

CREATE TABLE post_events (
    post_id bigint NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    event   text   NOT NULL,
    PRIMARY KEY (post_id, event)
);

CREATE TABLE feeds (
    name            text PRIMARY KEY,
    cursor          text,
    error_count     integer NOT NULL DEFAULT 0,
    last_error      text,
    last_checked_at timestamptz,
    next_check_at   timestamptz
);

-- The outbox: an alert is committed here before any e-mail is sent.
CREATE TABLE alerts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key         text             NOT NULL UNIQUE,
    product     text             NOT NULL,
    event       text,
    first_day   date             NOT NULL,
    last_day    date             NOT NULL,
    observed    integer          NOT NULL,
    expected    double precision NOT NULL,
    threshold   double precision NOT NULL,
    status      smallint         NOT NULL DEFAULT 0,
    attempts    integer          NOT NULL DEFAULT 0,
    last_error  text,
    created_at  timestamptz      NOT NULL,
    sent_at     timestamptz
);
CREATE INDEX alerts_pending ON alerts (status, id);
CREATE INDEX alerts_product ON alerts (product, event, first_day);
