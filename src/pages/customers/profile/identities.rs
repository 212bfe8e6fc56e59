use leptos::prelude::*;
use roundtrip_domain::dto::Identity;

use crate::components::section::Section;
use crate::i18n::{format_date, use_i18n, Label, Msg};

#[component]
pub fn Identities(identities: Vec<Identity>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Section id="identities-title" class="identities" title=Msg::Identities empty=Msg::NoIdentities is_empty=identities.is_empty()>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{i18n.text(Msg::Identities)}</th>
                        <th scope="col">{i18n.text(Msg::IdentitySource)}</th>
                        <th scope="col">{i18n.text(Msg::FirstSeen)}</th>
                        <th scope="col">{i18n.text(Msg::LastSeen)}</th>
                    </tr>
                </thead>
                <tbody>
                    {identities.into_iter().map(|id| {
                        let first = crate::i18n::agency_day(id.first_seen_at);
                        let last = crate::i18n::agency_day(id.last_seen_at);
                        view! {
                            <tr>
                                <td><span class="muted">{move || id.kind.label(i18n.locale())}</span><br/><span class="mono">{id.value.clone()}</span></td>
                                <td>{move || id.source.label(i18n.locale())}</td>
                                <td>{move || format_date(first, i18n.locale())}</td>
                                <td>{move || format_date(last, i18n.locale())}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </Section>
    }
}
