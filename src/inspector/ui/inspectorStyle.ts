// The inspector's stylesheet, as text: inlined in the page the server sends and put in the shadow
// root of the in-page panel, so it neither loads anything nor touches the app's own styles.
export const inspectorStyle = `
.iae {
  --iae-ink: #1d2330; --iae-muted: #6b7385; --iae-line: #dde1e8; --iae-bg: #f6f7f9; --iae-pane: #fff;
  --iae-accent: #2f6fde; --iae-ok: #1f8a4c; --iae-warn: #b7791f; --iae-bad: #c53030;
  box-sizing: border-box; display: flex; flex-direction: column; height: 100%; min-height: 0;
  font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--iae-ink); background: var(--iae-bg);
}
.iae *, .iae *::before, .iae *::after { box-sizing: inherit; }
.iae-bar {
  display: flex; flex-wrap: wrap; align-items: center; gap: 6px; padding: 6px 10px;
  background: #1d2330; color: #f1f3f7;
}
.iae-title { margin-right: 4px; font-weight: 600; }
.iae-live { font-size: 11px; color: var(--iae-warn); }
.iae-live[data-live="live"] { color: #3ccf7a; }
.iae-live[data-live="offline"] { color: #ff6b6b; }
.iae-clock-box { margin: 0 6px; }
.iae-clock { font: 600 13px ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.iae-bar .iae-muted { color: #a9b1c2; }
.iae-button {
  font: inherit; padding: 2px 9px; border: 1px solid #4a5468; border-radius: 4px; background: #2b3344; color: inherit; cursor: pointer;
}
.iae-button:hover { background: #39435a; }
.iae-input { font: inherit; padding: 2px 6px; border: 1px solid var(--iae-line); border-radius: 4px; color: var(--iae-ink); background: #fff; }
.iae-token[hidden] { display: none; }
.iae-token { display: inline-flex; gap: 6px; align-items: center; }
.iae-message { color: #ffb4b4; }
.iae-close { margin-left: auto; }
.iae-grid {
  flex: 1; min-height: 0; display: grid; gap: 8px; padding: 8px;
  grid-template-columns: minmax(200px, 1fr) minmax(260px, 1.6fr) minmax(240px, 1.3fr);
  grid-template-rows: minmax(0, 1fr) minmax(0, 1fr);
  grid-template-areas: "objects object scenarios" "objects journal watches";
}
.iae-objects { grid-area: objects; } .iae-object { grid-area: object; } .iae-journal { grid-area: journal; }
.iae-scenarios { grid-area: scenarios; } .iae-watches { grid-area: watches; }
.iae-pane { display: flex; flex-direction: column; min-height: 0; background: var(--iae-pane); border: 1px solid var(--iae-line); border-radius: 6px; }
.iae-heading { margin: 0; padding: 6px 10px; font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; border-bottom: 1px solid var(--iae-line); }
.iae-heading .iae-muted { text-transform: none; letter-spacing: 0; font-weight: 400; }
.iae-heading [data-object-title] { text-transform: none; letter-spacing: 0; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.iae-scroll { flex: 1; min-height: 0; overflow: auto; padding: 4px 10px 8px; }
.iae-muted { color: var(--iae-muted); }
.iae-api > summary { cursor: pointer; font-weight: 600; padding: 4px 0; }
.iae-kind { margin: 0 0 6px 12px; }
.iae-kind-name { font-weight: 600; margin: 4px 0 2px; }
.iae-list, .iae-steps, .iae-events { list-style: none; margin: 0; padding: 0; }
.iae-item {
  display: flex; width: 100%; justify-content: space-between; align-items: center; gap: 6px; padding: 2px 6px;
  font: inherit; text-align: left; color: inherit; background: none; border: 0; border-radius: 4px; cursor: pointer;
}
.iae-item:hover { background: #eef2f8; }
.iae-item.iae-selected { background: #dce7fb; }
.iae-name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.iae-badge { display: inline-block; padding: 0 6px; border-radius: 9px; font-size: 11px; font-weight: 600; background: #e8ebf0; color: #3b4357; white-space: nowrap; }
.iae-status-available, .iae-status-active, .iae-step-fired, .iae-event-added { background: #dcf3e5; color: var(--iae-ok); }
.iae-status-creating, .iae-status-deleting, .iae-status-queued, .iae-status-uploading, .iae-status-saving, .iae-status-importing, .iae-step-firing, .iae-event-modified { background: #fdf0d5; color: var(--iae-warn); }
.iae-status-failed, .iae-status-unavailable, .iae-status-killed, .iae-status-deleted, .iae-step-failed, .iae-event-deleted, .iae-event-error { background: #fde2e2; color: var(--iae-bad); }
.iae-step-pending, .iae-event-bookmark { background: #e8ebf0; color: var(--iae-muted); }
.iae-json { margin: 0; font: 12px/1.5 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; white-space: pre; }
.iae-j-key { color: #7a3e9d; } .iae-j-string { color: #1f7a45; } .iae-j-number { color: #b4530a; } .iae-j-literal { color: #2f6fde; }
.iae-filter { margin: 6px 10px 2px; }
.iae-table { width: 100%; border-collapse: collapse; font: 12px ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.iae-table th { position: sticky; top: 0; background: var(--iae-pane); text-align: left; font-weight: 600; color: var(--iae-muted); }
.iae-table th, .iae-table td { padding: 2px 6px 2px 0; border-bottom: 1px solid #f0f1f4; white-space: nowrap; }
.iae-path { max-width: 28em; overflow: hidden; text-overflow: ellipsis; }
.iae-code-2xx { color: var(--iae-ok); } .iae-code-4xx { color: var(--iae-warn); } .iae-code-5xx { color: var(--iae-bad); }
.iae-method { font-weight: 600; }
.iae-steps li, .iae-events li { padding: 2px 0; }
.iae-scenario, .iae-watch { padding: 4px 0 8px; border-bottom: 1px solid #f0f1f4; }
.iae-chip { display: inline-block; margin: 0 4px 2px 0; padding: 0 6px; border-radius: 4px; background: #eef2f8; font: 11px ui-monospace, Menlo, Consolas, monospace; }
.iae-events { font-size: 12px; max-height: 14em; overflow: auto; }
.iae-error { color: var(--iae-bad); }
@media (max-width: 900px) {
  .iae-grid { grid-template-columns: 1fr; grid-template-rows: none; grid-template-areas: "objects" "object" "journal" "scenarios" "watches"; overflow: auto; }
  .iae-pane { min-height: 240px; }
}
`
