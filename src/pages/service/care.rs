//! Personalised care tasks due this week, generated on request and ticked off one by one.

use leptos::prelude::*;
use roundtrip_domain::dto::CareTasks;

use crate::components::states::{error_fallback, Empty, Loading};
use crate::i18n::{describe_error, format_date, system_text, use_i18n, Label, Msg};

#[component]
pub fn CarePage() -> impl IntoView {
    let i18n = use_i18n();
    let loaded = LocalResource::new(crate::api::service::care_tasks);
    let current = RwSignal::new(None::<CareTasks>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let generate = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match crate::api::service::generate_care().await {
                Ok(t) => current.set(Some(t)),
                Err(e) => error.set(Some(describe_error(&e, i18n.locale()))),
            }
            busy.set(false);
        });
    };
    // tasks ticked off here: kept apart from the list, so a list that arrives later (the first
    // load, or a generation still under way) does not bring them back
    let finished = RwSignal::new(Vec::<i64>::new());
    let done = Callback::new(move |id: i64| {
        leptos::task::spawn_local(async move {
            match crate::api::service::complete_care(id).await {
                Ok(()) => finished.update(|f| f.push(id)),
                Err(e) => error.set(Some(describe_error(&e, i18n.locale()))),
            }
        });
    });
    view! {
        <section class="page care-page" data-testid="care-page">
            <div class="page-head">
                <h1>{i18n.text(Msg::CareTitle)}</h1>
                <button type="button" class="button primary" disabled=move || busy.get() on:click=generate>{i18n.text(Msg::GenerateCare)}</button>
            </div>
            <p class="muted">{i18n.text(Msg::CareIntro)}</p>
            <p class="form-error" role="alert">{move || error.get()}</p>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || loaded.get().map(|r| r.map(|first| {
                        let tasks = Signal::derive(move || current.get().unwrap_or_else(|| first.clone()));
                        move || {
                            let mut t = tasks.get();
                            finished.with(|f| t.items.retain(|task| !f.contains(&task.id)));
                            let created = (t.created > 0).then(|| view! { <p role="status">{i18n.t(Msg::CareCreated)} " " {t.created}</p> });
                            let list = if t.items.is_empty() {
                                view! { <Empty msg=Msg::CareEmpty/> }.into_any()
                            } else {
                                view! {
                                    <ul class="ticket-list" data-testid="care-list">
                                        {t.items.into_iter().map(|task| {
                                            let (id, due) = (task.id, task.due_on);
                                            view! {
                                                <li class="ticket-item care-item">
                                                    <strong>{move || task.kind.label(i18n.locale())}</strong> " · " {move || format_date(due, i18n.locale())}
                                                    <p>
                                                        <a class="row-link" href=format!("/customers/{}", task.customer_id)>{task.customer_name.clone()}</a>
                                                        " · " { let title = task.title.clone(); move || system_text(&title, i18n.locale()) }
                                                        // an online-only customer has no store: no empty separator
                                                        {task.store.clone().map(|s| view! { " · " {s.name} })}
                                                    </p>
                                                    <button type="button" class="button" on:click=move |_| done.run(id)>{i18n.text(Msg::CareDone)}</button>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            };
                            view! { {created} {list} }
                        }
                    }))}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}
