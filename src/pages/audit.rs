//! The audit log (admins): who revealed, merged, unmerged or changed access, and why.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::customer_table::Pager;
use crate::components::states::{error_fallback, Empty, Loading};
use crate::i18n::{format_datetime, use_i18n, Msg};

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
                                                    <td>{e.action}</td>
                                                    <td>{e.subject}</td>
                                                    <td>{e.detail.unwrap_or_default()}</td>
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
