//! The layering rules that code review alone would let slip: handlers read the one injected
//! clock (`state.clock`), never the system's, so tests can move time and days follow the
//! agency's calendar.

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
