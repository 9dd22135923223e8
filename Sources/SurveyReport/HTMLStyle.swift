/// The review pack's inline stylesheet: screen layout, chart colours (a colour-blind-safe
/// red–blue diverging palette), status badges that also spell the status, and print rules.
enum HTMLStyle {
    static let css = """
    :root { --ink: #1d2430; --muted: #5b6472; --rule: #d8dde5; --paper: #ffffff; --band: #f5f7fa; --accent: #2b5f8a;
      --met: #1e6b34; --met-bg: #e3f3e6; --risk: #8a5300; --risk-bg: #fff1d6; --bad: #b3261e; --bad-bg: #fde7e5;
      --none: #5b6472; --none-bg: #eceff3; }
    * { box-sizing: border-box; }
    html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    body { margin: 0; background: var(--band); color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
    header.cover, main, footer { max-width: 1120px; margin: 0 auto; padding: 0 28px; }
    header.cover { padding-top: 28px; padding-bottom: 8px; }
    .kicker { margin: 0; color: var(--accent); font-size: 13px; font-weight: 600; letter-spacing: .06em; text-transform: uppercase; }
    h1 { margin: 4px 0 6px; font-size: 30px; line-height: 1.2; }
    .subtitle { margin: 0; color: var(--muted); font-size: 16px; }
    .lead { max-width: 60em; }
    nav.toc { background: var(--paper); border: 1px solid var(--rule); border-radius: 8px; padding: 10px 20px; margin: 16px 0 8px; }
    nav.toc .toc-title { font-size: 14px; margin: 4px 0; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; border: 0; padding: 0; }
    nav.toc ol { margin: 4px 0; padding-left: 22px; columns: 2; column-gap: 40px; }
    nav.toc li { break-inside: avoid; }
    nav.toc .clause { color: var(--muted); font-size: 12px; }
    a { color: var(--accent); }
    section { background: var(--paper); border: 1px solid var(--rule); border-radius: 8px; padding: 6px 24px 18px; margin: 18px 0; }
    h2 { font-size: 22px; margin: 14px 0 2px; padding-bottom: 6px; border-bottom: 2px solid var(--ink); }
    h2 .number { display: inline-block; min-width: 1.4em; color: var(--accent); }
    p.clause { margin: 2px 0 12px; color: var(--muted); font-size: 13px; }
    h3 { font-size: 18px; margin: 22px 0 6px; }
    h4 { font-size: 16px; margin: 18px 0 4px; color: var(--accent); }
    p.note, p.alt { color: var(--muted); font-size: 13px; }
    .table-wrap { overflow-x: auto; margin: 10px 0 14px; }
    table.data { border-collapse: collapse; font-size: 13.5px; width: 100%; }
    table.data caption { caption-side: top; text-align: left; font-weight: 600; padding: 4px 0 6px; }
    table.data th, table.data td { border-bottom: 1px solid var(--rule); padding: 4px 10px 4px 0; text-align: left; vertical-align: top; }
    table.data thead th { border-bottom: 2px solid var(--ink); font-weight: 600; }
    table.data tbody th { font-weight: 500; }
    table.data .key { white-space: nowrap; }
    table.data .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; padding-left: 10px; }
    td.good { color: var(--met); font-weight: 600; } td.bad { color: var(--bad); font-weight: 600; } .muted { color: var(--muted); }
    .badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12.5px; font-weight: 600; white-space: nowrap; }
    .badge.met { color: var(--met); background: var(--met-bg); } .badge.at-risk { color: var(--risk); background: var(--risk-bg); }
    .badge.not-met { color: var(--bad); background: var(--bad-bg); } .badge.no-data { color: var(--none); background: var(--none-bg); }
    ul.tiles { list-style: none; padding: 0; margin: 12px 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; }
    .tile { border: 1px solid var(--rule); border-left: 6px solid var(--none); border-radius: 6px; padding: 8px 12px; background: var(--paper); break-inside: avoid; }
    .tile.met { border-left-color: var(--met); } .tile.at-risk { border-left-color: #d08b00; } .tile.not-met { border-left-color: var(--bad); }
    .tile p { margin: 0; }
    .tile-title { font-weight: 600; font-size: 14px; line-height: 1.3; }
    .tile-scope, .tile-target, .tile-change { color: var(--muted); font-size: 12.5px; }
    .tile-value { font-size: 26px; font-weight: 650; font-variant-numeric: tabular-nums; margin: 4px 0 0; }
    .tile-status { margin: 4px 0 2px; }
    figure.figure { margin: 14px 0 18px; break-inside: avoid; }
    figure figcaption { font-weight: 600; margin-bottom: 6px; }
    .charts svg { display: block; width: 100%; height: auto; }
    figure.trends .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 10px 18px; }
    figure.ipa .charts svg { max-width: 820px; }
    details.data-table summary { cursor: pointer; color: var(--accent); font-size: 13px; }
    svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--ink); }
    svg .label { font-size: 13px; } svg .legend { font-size: 12px; } svg .tick { font-size: 11px; fill: var(--muted); }
    svg .chart-title { font-size: 13px; font-weight: 600; } svg .line-label { font-size: 10.5px; } svg .target-label { fill: var(--met); } svg .threshold-label { fill: #9a6200; } svg .side { font-style: italic; } svg .value { font-size: 12px; font-weight: 600; }
    svg .in-bar { font-size: 11px; fill: #1d2430; } svg .in-bar.dark { fill: #ffffff; }
    svg .bar { stroke: #ffffff; stroke-width: 0.6; }
    svg .u0 { fill: #b2182b; } svg .u1 { fill: #ef8a62; } svg .u2 { fill: #fddbc7; } svg .n { fill: #d4d6da; }
    svg .f2 { fill: #d1e5f0; } svg .f1 { fill: #67a9cf; } svg .f0 { fill: #2166ac; }
    svg .grid { stroke: #e6e9ee; stroke-width: 1; } svg .axis { stroke: #9aa3af; stroke-width: 1; } svg .axis.centre { stroke: #1d2430; stroke-width: 1.5; }
    svg .series { fill: none; stroke: var(--accent); stroke-width: 2.2; }
    svg .point { fill: var(--accent); } svg .point.met { fill: var(--met); } svg .point.at-risk { fill: #d08b00; }
    svg .point.not-met { fill: var(--bad); } svg .point.no-data { fill: var(--none); }
    svg .target { stroke: var(--met); stroke-width: 1.5; stroke-dasharray: 6 4; } svg .threshold { stroke: #d08b00; stroke-width: 1.3; stroke-dasharray: 2 3; }
    svg .band-met { fill: #eef7f0; }
    svg .plot { fill: #ffffff; stroke: var(--rule); }
    svg .q-priority { fill: #c62828; } svg .q-strength { fill: #1f5fa8; } svg .q-maintain { fill: #6f8fa8; } svg .q-low-priority { fill: #b4bcc6; }
    svg .point-label { font-size: 11px; } svg .quadrant { font-size: 12px; font-style: italic; fill: var(--muted); }
    svg .quadrant.priority { fill: #c62828; } svg .axis-title { font-size: 12px; fill: var(--muted); }
    footer { color: var(--muted); font-size: 13px; padding-bottom: 28px; }
    @media (max-width: 700px) { nav.toc ol { columns: 1; } section { padding: 4px 14px 14px; } }
    @media print {
      @page { margin: 14mm 12mm; }
      body { background: #ffffff; font-size: 10.5pt; }
      header.cover, main, footer { max-width: none; padding: 0; }
      section { border: 0; padding: 0; margin: 0; break-before: page; }
      nav.toc { border: 0; padding: 0; }
      h2, h3, h4, figcaption, caption { break-after: avoid; }
      tr, .tile, figure.figure, .small-chart { break-inside: avoid; }
      .table-wrap { overflow: visible; }
      table.data { font-size: 8.5pt; }
      table.data .key { white-space: normal; }
      details.data-table summary { color: var(--ink); }
      details.data-table::details-content { content-visibility: visible !important; display: block !important; }
      a { color: var(--ink); text-decoration: none; }
    }
    """
}
