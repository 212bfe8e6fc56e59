//! The audit log (admins): who revealed, merged, unmerged or changed access, and why.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::customer_table::Pager;
use crate::components::states::{error_fallback, Empty, Loading};
use crate::i18n::{audit_action_label, audit_subject_kind, format_datetime, use_i18n, Msg};

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let page = Memo::new(move |_| query.with(|q| q.get("page").and_then(|p| p.parse::<u32>().ok()).unwrap_or(1).max(1)));
    let log = LocalResource::new(move || {
        let p = page.get();
        async move { crate::api::session::audit(p).await }
    });
    view! {
        <section class="page audit-page">
            <h1>{i18n.text(Msg::AuditTitle)}</h1>
            <p class="muted">{i18n.text(Msg::AuditIntro)}</p>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || log.get().map(|r| r.map(|l| if l.entries.is_empty() {
                        view! { <Empty msg=Msg::AuditTitle/> }.into_any()
                    } else {
                        view! {
                            <div class="table-scroll">
                                <table data-testid="audit-table">
                                    <caption class="visually-hidden">{i18n.text(Msg::AuditTitle)}</caption>
                                    <thead><tr>
                                        <th scope="col">{i18n.text(Msg::AuditWhen)}</th>
                                        <th scope="col">{i18n.text(Msg::AuditWho)}</th>
                                        <th scope="col">{i18n.text(Msg::AuditAction)}</th>
                                        <th scope="col">{i18n.text(Msg::AuditSubject)}</th>
                                        <th scope="col">{i18n.text(Msg::AuditDetail)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {l.entries.into_iter().map(|e| {
                                            let at = e.at;
                                            view! {
                                                <tr>
                                                    <td>{move || format_datetime(at, i18n.locale())}</td>
                                                    <td>{e.user.unwrap_or_default()}</td>
                                                    <td>{ let a = e.action.clone(); move || audit_action_label(&a, i18n.locale()) }</td>
                                                    <td><Subject subject=e.subject/></td>
                                                    // the record as it was written: evidence, kept verbatim
                                                    <td><code class="audit-detail" translate="no">{e.detail.unwrap_or_default()}</code></td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <Pager current=l.page pages=l.pages link=|p| format!("/audit?page={p}")/>
                        }.into_any()
                    }))}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// What an entry concerns: a customer links to their profile; other kinds are named.
#[component]
fn Subject(subject: String) -> impl IntoView {
    let i18n = use_i18n();
    match subject.split_once(':').map(|(kind, id)| (kind, id.parse::<i64>().ok())) {
        Some(("customer", Some(id))) => view! {
            <a class="row-link" href=format!("/customers/{id}")>{move || audit_subject_kind("customer", i18n.locale())} " #" {id}</a>
        }.into_any(),
        Some((kind, Some(id))) => {
            let kind = kind.to_string();
            view! { <span>{move || audit_subject_kind(&kind, i18n.locale())} " #" {id}</span> }.into_any()
        }
        _ => view! { <span>{move || audit_subject_kind(&subject, i18n.locale())}</span> }.into_any(),
    }
}
