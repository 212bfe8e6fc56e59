use leptos::prelude::*;
use roundtrip_domain::dto::{JourneyCellQuery, MatrixCell};
use roundtrip_domain::{Channel, Stage};

use crate::i18n::{group_thousands, percent, use_i18n, Label, Msg};

/// Stages down, channels across; every non-empty cell is a button that lists its customers.
#[component]
pub fn MatrixTable(cells: Vec<MatrixCell>, query: Memo<JourneyCellQuery>, go: Callback<JourneyCellQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let channels: Vec<Channel> = Channel::ALL.iter().copied().filter(|c| cells.iter().any(|x| x.channel == *c)).collect();
    let busiest = cells.iter().map(|c| c.journeys).max().unwrap_or(1).max(1) as f64;
    let cells = StoredValue::new(cells);
    let pick = move |stage: Stage, channel: Channel| {
        go.run(JourneyCellQuery { stage: Some(stage), channel: Some(channel), dropped: None, page: None, ..query.get_untracked() });
    };
    view! {
        <section class="card matrix" aria-labelledby="matrix-title">
            <h2 id="matrix-title">{i18n.text(Msg::MatrixTitle)}</h2>
            <p class="muted">{i18n.text(Msg::MatrixHint)}</p>
            <div class="table-wrap">
                <table class="journey-matrix" data-testid="journey-matrix">
                    <thead>
                        <tr>
                            <td></td>
                            {channels.iter().map(|c| { let c = *c; view! { <th scope="col">{move || c.label(i18n.locale())}</th> } }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {Stage::ALL.iter().map(|s| {
                            let s = *s;
                            view! {
                                <tr>
                                    <th scope="row">{move || s.label(i18n.locale())}</th>
                                    {channels.iter().map(|c| {
                                        let c = *c;
                                        let cell = cells.with_value(|all| all.iter().find(|x| x.stage == s && x.channel == c).cloned());
                                        match cell {
                                            None => view! { <td class="empty">"—"</td> }.into_any(),
                                            Some(cell) => {
                                                // a class per tenth, not an inline style: the CSP allows no inline styles
                                                let heat = format!("heat-{}", (cell.journeys as f64 / busiest * 10.0).round() as u8);
                                                let went_on = cell.conversion.map(|r| percent(Some(r)));
                                                view! {
                                                    <td class=heat>
                                                        <button type="button" class="cell" aria-pressed=move || query.with(|q| q.stage == Some(s) && q.channel == Some(c)).to_string()
                                                            data-stage=s.as_str() data-channel=c.as_str() on:click=move |_| pick(s, c)>
                                                            // the headers, spoken with the figures: "Booking · Store: 223 journeys → 73.1% went on"
                                                            <span class="visually-hidden">{move || format!("{} · {}: ", s.label(i18n.locale()), c.label(i18n.locale()))}</span>
                                                            <span class="count">{group_thousands(cell.journeys as i64)}</span>
                                                            <span class="visually-hidden">" " {i18n.text(Msg::JourneysWord)}</span>
                                                            {went_on.map(|w| view! { <span class="rate">"→ " {w}<span class="visually-hidden">" " {i18n.text(Msg::WentOn)}</span></span> })}
                                                        </button>
                                                    </td>
                                                }.into_any()
                                            }
                                        }
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
