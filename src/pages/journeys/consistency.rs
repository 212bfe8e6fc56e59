use leptos::prelude::*;
use roundtrip_domain::dto::ConsistencyRow;

use crate::i18n::{group_thousands, percent, use_i18n, Label, Msg};

/// Promises kept ÷ due, worst first, by store and by the channel the promise was made on.
#[component]
pub fn ConsistencyTables(by_store: Vec<ConsistencyRow>, by_channel: Vec<ConsistencyRow>) -> impl IntoView {
    view! {
        <div class="consistency-grid">
            <Consistency id="consistency-store" title=Msg::ConsistencyByStore rows=by_store/>
            <Consistency id="consistency-channel" title=Msg::ConsistencyByChannel rows=by_channel/>
        </div>
    }
}

#[component]
fn Consistency(id: &'static str, title: Msg, rows: Vec<ConsistencyRow>) -> impl IntoView {
    let i18n = use_i18n();
    let empty = rows.is_empty();
    view! {
        <section class="card" aria-labelledby=id>
            <h2 id=id>{move || i18n.t(title)}</h2>
            {if empty {
                view! { <p class="state empty">{i18n.text(Msg::NoPromises)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" tabindex="0"><table data-testid=id>
                        <thead>
                            <tr>
                                <td></td>
                                <th scope="col" class="num">{i18n.text(Msg::ColKept)}</th>
                                <th scope="col" class="num">{i18n.text(Msg::ColBroken)}</th>
                                <th scope="col" class="num">{i18n.text(Msg::ColPending)}</th>
                                <th scope="col" class="num">{i18n.text(Msg::ServiceConsistency)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows.into_iter().map(|r| {
                                let (channel, store, label) = (r.channel, r.store_id, r.label.clone());
                                let name = move || match (channel, store) {
                                    (Some(c), _) => c.label(i18n.locale()).to_string(),
                                    (None, None) => i18n.t(Msg::NoHomeStore).to_string(),
                                    (None, Some(_)) => label.clone(),
                                };
                                view! {
                                    <tr>
                                        <th scope="row">{name}</th>
                                        <td class="num">{group_thousands(r.kept as i64)}</td>
                                        <td class="num">{group_thousands(r.broken as i64)}</td>
                                        <td class="num">{group_thousands(r.pending as i64)}</td>
                                        <td class="num">{percent(r.consistency)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            }}
        </section>
    }
}
