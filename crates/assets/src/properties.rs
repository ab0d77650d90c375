//! Java `.properties` files, as the furniture catalogues are written: `key=value` lines in
//! ISO-8859-1, `#` or `!` comments, `\` continuing a line, `\uXXXX` and `\t`-style escapes.

use std::collections::HashMap;

/// The keys and values of a properties file.
pub(crate) fn parse(bytes: &[u8]) -> HashMap<String, String> {
    // ISO-8859-1: every byte is the character of the same number.
    let text: String = bytes.iter().map(|&b| b as char).collect();
    let mut out = HashMap::new();
    let mut lines = text.lines();
    while let Some(first) = lines.next() {
        let mut line = first.trim_start().to_string();
        if line.is_empty() || line.starts_with('#') || line.starts_with('!') {
            continue;
        }
        // An odd number of trailing backslashes continues the line.
        while line.chars().rev().take_while(|&c| c == '\\').count() % 2 == 1 {
            line.pop();
            match lines.next() {
                Some(next) => line.push_str(next.trim_start()),
                None => break,
            }
        }
        let split = key_end(&line);
        let (key, rest) = line.split_at(split);
        let value = rest
            .trim_start_matches([' ', '\t'])
            .strip_prefix(['=', ':'])
            .unwrap_or(rest.trim_start_matches([' ', '\t']))
            .trim_start();
        out.insert(unescape(key), unescape(value));
    }
    out
}

/// Where the key ends: at the first unescaped `=`, `:` or blank.
fn key_end(line: &str) -> usize {
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '=' | ':' | ' ' | '\t' => return i,
            _ => {}
        }
    }
    line.len()
}

/// Resolves `\uXXXX`, `\t`, `\n`, `\r`, `\f` and `\x` (any other character as itself).
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => out.push_str(&hex),
                }
            }
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('f') => out.push('\u{c}'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_values_escapes_continuations_and_latin_1() {
        let text = b"# a comment\n! another\nname#1=Arm\\\n   chair\nkey\\=odd = x\ncreator#2: Jos\xe9\nicon=\\u00e9t\\u00E9\n\nempty=\n";
        let p = parse(text);
        assert_eq!(p["name#1"], "Armchair");
        assert_eq!(p["key=odd"], "x");
        assert_eq!(p["creator#2"], "José");
        assert_eq!(p["icon"], "été");
        assert_eq!(p["empty"], "");
        assert_eq!(p.len(), 5);
    }
}
