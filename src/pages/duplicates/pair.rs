//! One possible duplicate: what the two records share, both side by side, a choice per field,
//! merge, dismiss, and undo of either (also after a bulk review).

use leptos::prelude::*;
use leptos_router::components::A;
use std::collections::{HashMap, HashSet};

use roundtrip_domain::dto::{BulkOutcome, BulkReviewItem, CustomerSummary, DuplicateCandidate, KeepFields, RecordEvidence};
use roundtrip_domain::matching::{confidence_level, Confidence, Evidence, NameAgreement};

use crate::api::identity::{dismiss, merge, restore, unmerge};
use crate::api::ApiError;
use crate::components::states::ErrorView;
use crate::i18n::{format_date, group_thousands, use_i18n, Label, Msg};

/// A labelled choice between the two records for one field.
#[component]
fn Choice(field: &'static str, legend: Msg, a: (i64, String), b: (i64, String), chosen: RwSignal<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let name = format!("{field}-{}-{}", a.0, b.0);
    view! {
        <fieldset class="choice">
            <legend>{move || i18n.t(legend)}</legend>
            {[a, b].into_iter().map(|(id, text)| {
                let input_id = format!("{name}-{id}");
                let label_for = input_id.clone();
                view! {
                    <label class="radio" for=label_for>
                        <input type="radio" id=input_id name=name.clone() prop:checked=move || chosen.get() == id
                            on:change=move |_| chosen.set(id)/>
                        <span>{text}</span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// A review of one pair, as the card's action takes it.
#[derive(Clone)]
enum Step {
    Merge(i64, KeepFields),
    Undo(i64),
    Dismiss,
    Restore,
}

#[derive(Clone, PartialEq)]
enum State {
    Open,
    Merged { merge_id: i64, survivor: i64 },
    Unmerged,
    Dismissed,
    /// A bulk review found it no longer pending.
    Skipped,
}

/// What the two records share, each piece as words, strongest first.
fn evidence_words(e: &Evidence) -> Vec<(Msg, &'static str)> {
    let mut out = Vec::new();
    if e.trusted {
        out.push((Msg::EvidenceTrusted, "for"));
    }
    if e.email {
        out.push((Msg::EvidenceEmail, "for"));
    }
    if e.phone {
        out.push(if e.shared_phone { (Msg::EvidenceSharedPhone, "against") } else { (Msg::EvidencePhone, "for") });
    }
    match e.name {
        NameAgreement::Same => out.push((Msg::EvidenceSameName, "for")),
        NameAgreement::Pinyin => out.push((Msg::EvidencePinyinName, "for")),
        NameAgreement::Different => out.push((Msg::EvidenceOtherName, "against")),
        NameAgreement::Unknown => {}
    }
    if e.same_store {
        out.push((Msg::EvidenceSameStore, "for"));
    }
    out
}

#[component]
pub fn PairCard(
    pair: DuplicateCandidate,
    changed: WriteSignal<u32>,
    /// The pairs ticked for a bulk review.
    selected: RwSignal<HashSet<i64>>,
    /// What bulk reviews did, by candidate id.
    outcomes: Memo<HashMap<i64, BulkReviewItem>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (first, second) = (pair.first.clone(), pair.second.clone());
    let (a, b) = (first.id, second.id);
    let survivor = RwSignal::new(a);
    let name = RwSignal::new(a);
    let phone = RwSignal::new(a);
    let segment = RwSignal::new(a);
    let state = RwSignal::new(State::Open);
    let error = RwSignal::new(None::<ApiError>);
    let candidate = pair.id;
    let bump = move || changed.update(|n| *n += 1);
    // a bulk review that took this pair turns the card as a single review would
    Effect::new(move |_| {
        let Some(item) = outcomes.with(|o| o.get(&candidate).cloned()) else { return };
        selected.update(|s| {
            s.remove(&candidate);
        });
        state.set(match (item.outcome, item.merge) {
            (BulkOutcome::Merged, Some(m)) => State::Merged { merge_id: m.merge_id, survivor: m.survivor_id },
            (BulkOutcome::Dismissed, _) => State::Dismissed,
            _ => State::Skipped,
        });
    });

    // every review of the card is one action: its answer turns the card, or shows why not
    let review = Action::new_local(move |step: &Step| {
        let step = step.clone();
        async move {
            match step {
                Step::Merge(survivor, keep) => merge(candidate, survivor, keep).await.map(|r| State::Merged { merge_id: r.merge_id, survivor: r.survivor_id }),
                Step::Undo(merge_id) => unmerge(merge_id).await.map(|_| State::Unmerged),
                Step::Dismiss => dismiss(candidate).await.map(|()| State::Dismissed),
                Step::Restore => restore(candidate).await.map(|()| State::Open),
            }
        }
    });
    Effect::new(move |_| match review.value().get() {
        Some(Ok(next)) => {
            error.set(None);
            state.set(next);
            bump();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let pending = review.pending();
    let do_merge = move |_| {
        let keep = KeepFields { name: name.get_untracked(), phone: phone.get_untracked(), email: survivor.get_untracked(), segment: segment.get_untracked() };
        review.dispatch(Step::Merge(survivor.get_untracked(), keep));
    };
    let do_undo = move |merge_id: i64| {
        review.dispatch(Step::Undo(merge_id));
    };
    let do_restore = move |_| {
        review.dispatch(Step::Restore);
    };
    let do_dismiss = move |_| {
        review.dispatch(Step::Dismiss);
    };

    // what each record has behind it: orders, when last active, the channels it was seen on
    let record = move |c: &CustomerSummary, e: &RecordEvidence| {
        let c = c.clone();
        let (segment, presence, last) = (c.segment, c.presence, c.last_active_at);
        let (orders, channels) = (e.orders, e.channels.clone());
        view! {
            <div class="record">
                <p><strong translate="no">{c.name.clone()}</strong></p>
                <p class="mono">{c.phone_masked.clone().unwrap_or_else(|| "—".into())}</p>
                <p>{move || segment.label(i18n.locale())} " · " {move || presence.label(i18n.locale())}</p>
                <p class="muted">{c.home_store.as_ref().map(|s| s.name.clone()).unwrap_or_default()}</p>
                <p class="evidence" data-testid="evidence">
                    {move || format!("{} {}", group_thousands(orders as i64), i18n.t(Msg::OrdersCount))} " · "
                    {move || format!("{} {}", i18n.t(Msg::LastActivity), format_date(crate::i18n::agency_day(last), i18n.locale()))} " · "
                    {move || channels.iter().map(|ch| ch.label(i18n.locale())).collect::<Vec<_>>().join("、")}
                </p>
            </div>
        }
    };
    let text = |c: &CustomerSummary, f: fn(&CustomerSummary) -> String| (c.id, f(c));
    let seg = move |c: &CustomerSummary| c.segment.label(i18n.locale()).to_string();
    // records of one person often share a name: say where each comes from
    let who = move |c: &CustomerSummary| format!("{} · {} #{}", c.name, c.presence.label(i18n.locale()), c.id);

    let field_choice = move |field: &'static str, legend: Msg, a: (i64, String), b: (i64, String), chosen: RwSignal<i64>| {
        if a.1 == b.1 {
            view! { <p class="same-field" data-testid="same-field">{move || i18n.t(legend)} ": " <span translate="no">{a.1.clone()}</span> " (" {i18n.text(Msg::SameOnBoth)} ")"</p> }.into_any()
        } else {
            view! { <Choice field legend a b chosen/> }.into_any()
        }
    };
    let (level, level_class) = match confidence_level(pair.confidence) {
        Confidence::High => (Msg::ConfidenceHigh, "high"),
        Confidence::Medium => (Msg::ConfidenceMedium, "medium"),
        Confidence::Low => (Msg::ConfidenceLow, "low"),
    };
    let title = format!("{} / {}", first.name, second.name);
    let words = evidence_words(&pair.matched);
    let tick_id = format!("select-pair-{candidate}");
    view! {
        <article class="card pair" data-testid="duplicate-pair" aria-label=title>
            {move || match state.get() {
                State::Open => view! {
                    <div class="pair-head">
                        <label class="pick" for=tick_id.clone()>
                            <input type="checkbox" id=tick_id.clone() data-testid="select-pair"
                                prop:checked=move || selected.with(|s| s.contains(&candidate))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    selected.update(|s| { if on { s.insert(candidate); } else { s.remove(&candidate); } });
                                }/>
                            <span class="visually-hidden">{i18n.text(Msg::SelectPair)}</span>
                        </label>
                        <span class=format!("confidence {}", level_class) data-testid="confidence">{move || format!("{} {}", i18n.t(Msg::Confidence), i18n.t(level))}</span>
                        <span class="muted" data-testid="confidence-score">{format!("{}/100", pair.confidence)}</span>
                        <ul class="chips" data-testid="match-evidence" aria-label=move || i18n.t(Msg::SharedIdentifier)>
                            {words.iter().map(|(msg, side)| {
                                let msg = *msg;
                                view! { <li class=format!("chip {side}")>{move || i18n.t(msg)}</li> }
                            }).collect_view()}
                        </ul>
                    </div>
                    <div class="records">{record(&first, &pair.evidence[0])}{record(&second, &pair.evidence[1])}</div>
                    <Choice field="survivor" legend=Msg::KeepRecord a=(a, who(&first)) b=(b, who(&second)) chosen=survivor/>
                    // a field both records agree on is no choice: it is said once
                    {field_choice("name", Msg::FieldName, text(&first, |c| c.name.clone()), text(&second, |c| c.name.clone()), name)}
                    {field_choice("phone", Msg::FieldPhone, text(&first, |c| c.phone_masked.clone().unwrap_or_default()), text(&second, |c| c.phone_masked.clone().unwrap_or_default()), phone)}
                    {field_choice("segment", Msg::FieldSegment, (a, seg(&first)), (b, seg(&second)), segment)}
                    <div class="actions">
                        <button type="button" class="button primary" disabled=move || pending.get() on:click=do_merge>{i18n.text(Msg::Merge)}</button>
                        <button type="button" class="button" disabled=move || pending.get() on:click=do_dismiss>{i18n.text(Msg::Dismiss)}</button>
                    </div>
                }.into_any(),
                State::Merged { merge_id, survivor } => view! {
                    <p role="status">{i18n.text(Msg::MergedNotice)}</p>
                    <div class="actions">
                        <A href=format!("/customers/{survivor}")>{i18n.text(Msg::OpenProfile)}</A>
                        <button type="button" class="button" disabled=move || pending.get() on:click=move |_| do_undo(merge_id)>{i18n.text(Msg::Undo)}</button>
                    </div>
                }.into_any(),
                State::Unmerged => view! { <p role="status">{i18n.text(Msg::Unmerged)}</p> }.into_any(),
                State::Dismissed => view! {
                    <p role="status">{i18n.text(Msg::DismissedNotice)}</p>
                    <div class="actions">
                        <button type="button" class="button" disabled=move || pending.get() on:click=do_restore>{i18n.text(Msg::Undo)}</button>
                    </div>
                }.into_any(),
                State::Skipped => view! { <p role="status">{i18n.text(Msg::BulkSkipped)}</p> }.into_any(),
            }}
            {move || error.get().map(|e| view! { <ErrorView error=e/> })}
        </article>
    }
}
