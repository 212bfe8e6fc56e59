//! Content-Security-Policy. Trunk's index.html boots the wasm with an inline module script;
//! rather than allowing every inline script, the policy names that script by its hash.

use base64::Engine;
use sha2::{Digest, Sha256};

/// `'sha256-…'` sources for every inline `<script>` in `html`, space separated.
pub fn inline_script_hashes(html: &str) -> String {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let tag_end = match rest[start..].find('>') {
            Some(i) => start + i + 1,
            None => break,
        };
        let tag = &rest[start..tag_end];
        let Some(close) = rest[tag_end..].find("</script>") else { break };
        let body = &rest[tag_end..tag_end + close];
        if !tag.contains(" src=") {
            let digest = Sha256::digest(body.as_bytes());
            hashes.push(format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest)));
        }
        rest = &rest[tag_end + close..];
    }
    hashes.join(" ")
}

/// The policy: wasm may be compiled (`'wasm-unsafe-eval'`), JavaScript may not be `eval`ed.
pub fn policy(script_hashes: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {script_hashes}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'; form-action 'self'"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_only_inline_scripts() {
        let html = r#"<script src="/a.js"></script><script type="module">boot()</script>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.matches("'sha256-").count(), 1);
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"boot()"));
        assert_eq!(hashes, format!("'sha256-{expected}'"));
    }

    #[test]
    fn policy_allows_wasm_but_not_eval() {
        let p = policy("");
        assert!(p.contains("'wasm-unsafe-eval'"));
        assert!(!p.contains("'unsafe-eval'"));
        assert!(p.contains("object-src 'none'") && p.contains("base-uri 'none'") && p.contains("frame-ancestors 'none'"));
    }
}
