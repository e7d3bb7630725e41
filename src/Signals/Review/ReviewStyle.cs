namespace Signals.Review;

/// <summary>The page's one stylesheet, served from the assembly (no CDN, no build step): readable on a phone and on a desk.</summary>
internal static class ReviewStyle
{
    public static readonly string Css = """
        :root { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #1d2330; background: #f6f7f9; }
        body { margin: 0; }
        .top { display: flex; justify-content: space-between; align-items: center; gap: 1rem; padding: .6rem 1rem; background: #24344d; color: #fff; }
        .top a, .top .user { color: #fff; }
        .top .home { font-weight: bold; text-decoration: none; }
        main { max-width: 960px; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem; } h3 { font-size: 1rem; }
        .muted { color: #5b6474; font-weight: normal; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; background: #fff; }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #dde1e7; vertical-align: top; }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        .facts th { width: 9rem; color: #5b6474; font-weight: normal; }
        figure.chart { margin: 1rem 0; padding: .5rem; background: #fff; border: 1px solid #dde1e7; max-width: 600px; }
        figure.chart figcaption { font-weight: bold; margin: 0 0 .3rem; }
        img.chart { display: block; width: 100%; height: auto; }
        .legend { list-style: none; display: flex; flex-wrap: wrap; gap: .2rem 1rem; padding: 0; margin: .4rem 0 0; font-size: .9rem; }
        .filters, .status, .login { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: end; margin: .8rem 0; }
        .status label, .login label { display: flex; flex-direction: column; gap: .2rem; }
        .status textarea { width: min(32rem, 90vw); }
        .badge { display: inline-block; padding: .05rem .5rem; border-radius: 1rem; font-size: .85rem; background: #e3e7ee; }
        .status-under_review { background: #fff1c2; } .status-signal_confirmed { background: #ffd2cc; } .status-dismissed { background: #dcefdc; }
        .post { background: #fff; border: 1px solid #dde1e7; border-radius: 6px; padding: .6rem .8rem; margin: .8rem 0; }
        .post .meta { font-size: .85rem; color: #5b6474; margin: 0 0 .4rem; overflow-wrap: anywhere; }
        .post .text { white-space: pre-wrap; overflow-wrap: anywhere; margin: .4rem 0; }
        .post .events { font-size: .9rem; margin: .3rem 0; }
        .verdict { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }
        button { font: inherit; padding: .3rem .7rem; border: 1px solid #8a94a6; border-radius: 4px; background: #fff; cursor: pointer; }
        button[aria-pressed="true"] { background: #24344d; color: #fff; border-color: #24344d; }
        .pager { display: flex; gap: 1rem; align-items: center; margin: .6rem 0; }
        .error { color: #a30d0d; }
        .who { font-size: .85rem; }
        @media (max-width: 600px) {
          main { padding: .6rem; } .top { padding: .5rem .6rem; }
          .facts th, .facts td { display: block; width: auto; border-bottom: 0; padding: .2rem .3rem; } .facts tr { display: block; border-bottom: 1px solid #dde1e7; }
        }
        """ + string.Concat(Alerts.AlertChart.SwatchCss.Select(s => $".swatch-{s.Key.Replace('_', '-')} {{ {s.Value} }}\n"));
}
