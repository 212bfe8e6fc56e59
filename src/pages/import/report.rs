use leptos::prelude::*;
use roundtrip_domain::csv;
use roundtrip_domain::events::IngestReport;
use wasm_bindgen::JsCast;

use crate::i18n::{use_i18n, Msg};

/// A row that could not be imported, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct RowProblem {
    pub row: usize,
    pub member: String,
    /// What the row said, shown beside the reason so the bad value can be seen and fixed.
    pub name: String,
    pub phone: String,
    pub reason: String,
}

/// Offers the failed rows as a CSV file the user can fix and import again.
fn download(problems: &[RowProblem]) {
    let mut text = String::from("\u{feff}row,member_id,name,phone,reason\n");
    for p in problems {
        text.push_str(&csv::line(&[p.row.to_string(), p.member.clone(), p.name.clone(), p.phone.clone(), p.reason.clone()]));
        text.push('\n');
    }
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let document = web_sys::window().and_then(|w| w.document()).expect("document");
    if let Ok(a) = document.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download("import-errors.csv");
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

#[component]
pub fn ImportReport(report: IngestReport, problems: Vec<RowProblem>, rows: usize, left_out: usize) -> impl IntoView {
    let i18n = use_i18n();
    let failed = problems.len();
    let problems = StoredValue::new(problems);
    view! {
        <section class="card import-report" aria-labelledby="import-report-title" data-testid="import-report">
            <h2 id="import-report-title">{i18n.text(Msg::ImportReport)}</h2>
            <dl class="kpis">
                <div><dt>{i18n.text(Msg::ImportRows)}</dt><dd>{rows}</dd></div>
                <div><dt>{i18n.text(Msg::ImportNew)}</dt><dd data-testid="import-new">{report.customers_created}</dd></div>
                <div><dt>{i18n.text(Msg::ImportMatched)}</dt><dd data-testid="import-matched">{report.customers_matched}</dd></div>
                <div><dt>{i18n.text(Msg::ImportAlready)}</dt><dd data-testid="import-duplicates">{report.duplicates}</dd></div>
                <div><dt>{i18n.text(Msg::DuplicatesPending)}</dt><dd>{report.review_candidates}</dd></div>
                <div><dt>{i18n.text(Msg::ImportFailed)}</dt><dd data-testid="import-failed">{failed}</dd></div>
                <div><dt>{i18n.text(Msg::ImportLeftOut)}</dt><dd data-testid="import-left-out">{left_out}</dd></div>
            </dl>
            {(failed > 0).then(|| view! {
                <ul class="plain-list" data-testid="import-problems">
                    {problems.get_value().into_iter().map(|p| view! { <li>{format!("#{} {} — {}", p.row, p.member, p.reason)}</li> }).collect_view()}
                </ul>
                <button type="button" class="button" on:click=move |_| problems.with_value(|p| download(p))>{i18n.text(Msg::ImportDownload)}</button>
            })}
        </section>
    }
}
