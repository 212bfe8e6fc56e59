//! A small RFC 4180 CSV reader for member exports (store POS, OTA back offices): quoted fields,
//! doubled quotes, commas and line breaks inside quotes, CRLF, and a UTF-8 byte-order mark.

/// Rows of fields; blank lines are skipped.
pub fn parse(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                if row.iter().any(|f| !f.trim().is_empty()) {
                    rows.push(std::mem::take(&mut row));
                } else {
                    row.clear();
                }
            }
            (c, _) => field.push(c),
        }
    }
    row.push(field);
    if row.iter().any(|f| !f.trim().is_empty()) {
        rows.push(row);
    }
    rows
}

/// One CSV line, quoting where needed (for the downloadable error report).
pub fn line(fields: &[String]) -> String {
    fields
        .iter()
        .map(|f| if f.contains([',', '"', '\n', '\r']) { format!("\"{}\"", f.replace('"', "\"\"")) } else { f.clone() })
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_commas_and_line_breaks() {
        let text = "\u{feff}会员号,姓名,备注\r\nSC001,张伟,\"喜欢海岛, 亲子\"\r\n\r\nSC002,\"李\"\"娜\",\"两行\n备注\"\n";
        assert_eq!(
            parse(text),
            vec![
                vec!["会员号", "姓名", "备注"],
                vec!["SC001", "张伟", "喜欢海岛, 亲子"],
                vec!["SC002", "李\"娜", "两行\n备注"],
            ]
        );
    }

    #[test]
    fn last_line_without_newline_and_round_trip() {
        assert_eq!(parse("a,b\n1,2"), vec![vec!["a", "b"], vec!["1", "2"]]);
        let fields = vec!["x,y".to_string(), "say \"hi\"".to_string(), "plain".to_string()];
        assert_eq!(parse(&line(&fields)), vec![fields]);
    }
}
