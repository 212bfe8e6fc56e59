//! Small SVG charts. Each is an image with a title for assistive technology; the pages put a
//! data table beside every chart, so no figure lives only in a drawing.

use leptos::prelude::*;

const W: f64 = 560.0;
const H: f64 = 180.0;
const PAD: f64 = 28.0;

/// `(x, y)` points scaled into the plot; `None` values leave a gap.
fn scale(values: &[Option<f64>], max: f64, w: f64, h: f64, pad: f64) -> Vec<Option<(f64, f64)>> {
    let n = values.len().max(2) - 1;
    let max = if max > 0.0 { max } else { 1.0 };
    values
        .iter()
        .enumerate()
        .map(|(i, v)| v.map(|v| (pad + (w - 2.0 * pad) * i as f64 / n as f64, h - pad - (h - 2.0 * pad) * (v / max).clamp(0.0, 1.0))))
        .collect()
}

/// SVG path through the points, broken where a value is missing.
fn path(points: &[Option<(f64, f64)>]) -> String {
    let mut d = String::new();
    let mut pen_down = false;
    for p in points {
        match p {
            Some((x, y)) => {
                d.push_str(&format!("{}{x:.1},{y:.1} ", if pen_down { "L" } else { "M" }));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    d
}

/// A trend line without axes, for a KPI card; `label` names it for screen readers.
#[component]
pub fn Sparkline(values: Vec<Option<f64>>, #[prop(into)] label: Signal<String>) -> impl IntoView {
    let present: Vec<f64> = values.iter().flatten().copied().collect();
    let (lo, hi) = present.iter().fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    let span = if hi > lo { hi - lo } else { 1.0 };
    let shifted: Vec<Option<f64>> = values.iter().map(|v| v.map(|v| v - lo + span * 0.1)).collect();
    let points = scale(&shifted, span * 1.2, 120.0, 36.0, 3.0);
    let last = points.iter().rev().flatten().next().copied();
    view! {
        <svg class="sparkline" viewBox="0 0 120 36" role="img" aria-label=move || label.get()>
            <path d=path(&points) fill="none" stroke="currentColor" stroke-width="2"/>
            {last.map(|(x, y)| view! { <circle cx=x cy=y r="3" fill="currentColor"/> })}
        </svg>
    }
}

/// Up to three lines over shared x labels (first and last are printed).
#[component]
pub fn LineChart(title: String, x_labels: Vec<String>, series: Vec<(String, Vec<f64>)>) -> impl IntoView {
    let max = series.iter().flat_map(|s| s.1.iter()).fold(0.0f64, |m, v| m.max(*v));
    let lines: Vec<_> = series
        .iter()
        .enumerate()
        .map(|(i, (name, values))| {
            let points = scale(&values.iter().map(|v| Some(*v)).collect::<Vec<_>>(), max, W, H, PAD);
            (format!("series-{i}"), name.clone(), path(&points))
        })
        .collect();
    let legend = lines.iter().map(|(class, name, _)| view! { <li><span class=format!("swatch {class}") aria-hidden="true"></span>{name.clone()}</li> }).collect_view();
    let (first, last) = (x_labels.first().cloned().unwrap_or_default(), x_labels.last().cloned().unwrap_or_default());
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=title.clone()>
                <title>{title.clone()}</title>
                <line x1=PAD y1=H - PAD x2=W - PAD y2=H - PAD class="axis"/>
                <text x=PAD y=PAD - 8.0 class="tick">{format!("{max:.0}")}</text>
                <text x=PAD y=H - 8.0 class="tick">{first}</text>
                <text x=W - PAD y=H - 8.0 class="tick" text-anchor="end">{last}</text>
                {lines.into_iter().map(|(class, _, d)| view! { <path d=d class=format!("line {class}") fill="none"/> }).collect_view()}
            </svg>
            <figcaption><ul class="legend">{legend}</ul></figcaption>
        </figure>
    }
}

/// About how wide `text` is set at `px`: wide for CJK, narrower for ASCII.
fn text_width(text: &str, px: f64) -> f64 {
    text.chars().map(|c| if c.is_ascii() { px * 0.6 } else { px }).sum()
}

/// Horizontal bars, one per row, each with its value written beside it. `data_labels`: the
/// labels are data (names people gave), not interface words.
#[component]
pub fn BarChart(title: String, bars: Vec<(String, f64, String)>, #[prop(optional)] data_labels: bool) -> impl IntoView {
    let max = bars.iter().fold(0.0f64, |m, b| m.max(b.1));
    let row_h = 26.0;
    let height = PAD + row_h * bars.len() as f64;
    // as wide as the longest label (12 px type: CJK ~1 em, Latin and digits ~0.6 em), so none
    // starts left of the chart
    let label_w = bars.iter().map(|b| text_width(&b.0, 12.0)).fold(60.0f64, f64::max).min(W * 0.55) + 12.0;
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {W} {height}") role="img" aria-label=title.clone()>
                <title>{title.clone()}</title>
                {bars.into_iter().enumerate().map(|(i, (label, value, shown))| {
                    let y = 8.0 + row_h * i as f64;
                    let w = if max > 0.0 { (W - label_w - 70.0) * value / max } else { 0.0 };
                    view! {
                        <text x=label_w - 8.0 y=y + 15.0 class="tick" text-anchor="end" translate=data_labels.then_some("no")>{label}</text>
                        <rect x=label_w y=y width=w.max(1.0) height=row_h - 8.0 class="bar"/>
                        <text x=label_w + w + 6.0 y=y + 15.0 class="tick">{shown}</text>
                    }
                }).collect_view()}
            </svg>
        </figure>
    }
}
