//! The layering rules that code review alone would let slip: handlers read the one injected
//! clock (`state.clock`), never the system's, so tests can move time and days follow the
//! agency's calendar; storage, seeding and everything else below the HTTP layer never reach
//! up into `routes` (only `app.rs` assembles the router from it); and `routes` holds no SQL
//! and no database driver: every query lives behind `db/`. The store-scope rule exists once.

use std::path::Path;

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
        }
    }
    out
}

#[test]
fn handlers_read_the_injected_clock() {
    let routes = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/routes");
    let offenders: Vec<String> = sources(&routes)
        .into_iter()
        .flat_map(|(file, text)| {
            text.lines()
                .enumerate()
                .filter(|(_, line)| !line.trim_start().starts_with("//") && (line.contains("Utc::now()") || line.contains("Local::now()")))
                .map(|(n, line)| format!("{file}:{}: {}", n + 1, line.trim()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(offenders.is_empty(), "use state.clock instead:\n{}", offenders.join("\n"));
}

#[test]
fn nothing_below_the_http_layer_imports_routes() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let routes = src.join("routes").display().to_string();
    let app = src.join("app.rs").display().to_string();
    let offenders: Vec<String> = sources(&src)
        .into_iter()
        .filter(|(file, _)| !file.starts_with(&routes) && *file != app)
        .filter(|(_, text)| text.contains("crate::routes"))
        .map(|(file, _)| file)
        .collect();
    assert!(offenders.is_empty(), "these reach into routes; move what they need to db/ or domain/: {offenders:?}");
}

#[test]
fn routes_hold_no_sql_and_no_driver() {
    let routes = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/routes");
    let sql = ["SELECT ", "INSERT ", "UPDATE ", "DELETE ", "PRAGMA ", "rusqlite", "Connection", "Transaction"];
    let offenders: Vec<String> = sources(&routes)
        .into_iter()
        .flat_map(|(file, text)| {
            text.lines()
                .enumerate()
                .filter(|(_, line)| !line.trim_start().starts_with("//") && sql.iter().any(|word| line.contains(word)))
                .map(|(n, line)| format!("{file}:{}: {}", n + 1, line.trim()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(offenders.is_empty(), "move these into db/:\n{}", offenders.join("\n"));
}

#[test]
fn the_store_scope_rule_is_written_once() {
    // who a store's staff may see (their store's customers and those without a home store)
    // is `db::customers::visible`; a copy elsewhere would drift from it
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let copies: Vec<String> = sources(&src)
        .into_iter()
        .filter(|(file, text)| !file.ends_with("db/customers.rs") && text.contains("c.home_store_id IS NULL)"))
        .map(|(file, _)| file)
        .collect();
    assert!(copies.is_empty(), "the store-scope rule is copied in:\n{}", copies.join("\n"));
}
