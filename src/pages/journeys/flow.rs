use leptos::prelude::*;
use roundtrip_domain::dto::StageFlow;

use crate::i18n::{format_hours, group_thousands, percent, use_i18n, Label, Msg};

/// Each stage over all channels: how many went on, how many dropped off, and how long it took.
#[component]
pub fn StageFlowTable(stages: Vec<StageFlow>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="flow-title">
            <h2 id="flow-title">{i18n.text(Msg::StageFlowTitle)}</h2>
            <table data-testid="stage-flow">
                <thead>
                    <tr>
                        <td></td>
                        <th scope="col" class="num">{i18n.text(Msg::JourneyCount)}</th>
                        <th scope="col" class="num">{i18n.text(Msg::Conversion)}</th>
                        <th scope="col" class="num">{i18n.text(Msg::DropOff)}</th>
                        <th scope="col" class="num">{i18n.text(Msg::MedianToNext)}</th>
                    </tr>
                </thead>
                <tbody>
                    {stages.into_iter().map(|f| view! {
                        <tr>
                            <th scope="row">{move || f.stage.label(i18n.locale())}</th>
                            <td class="num">{group_thousands(f.journeys as i64)}</td>
                            <td class="num">{percent(f.conversion)}</td>
                            <td class="num">{percent(f.conversion.map(|c| 1.0 - c))}</td>
                            <td class="num">{move || format_hours(f.median_hours_to_next, i18n.locale())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
