//! espeak-ng phoneme mnemonics to mouth shapes.

use timeline::Viseme;

/// The mouth shape a phoneme is spoken with. Stress and length marks are ignored.
pub fn viseme(phoneme: &str) -> Viseme {
    let core: String = phoneme
        .chars()
        .filter(|c| !matches!(c, '\'' | ',' | '%' | '=' | ':' | ';'))
        .collect();
    let first = core.chars().next().unwrap_or('_');
    match first {
        '_' => Viseme::Rest,
        'm' | 'b' | 'p' => Viseme::Mbp,
        'f' | 'v' => Viseme::Fv,
        'T' | 'D' => Viseme::Th,
        'l' | 'L' => Viseme::L,
        'w' | 'W' | 'u' | 'U' => Viseme::U,
        'o' | 'O' | '0' => Viseme::O,
        'a' | 'A' | 'V' | '&' => Viseme::A,
        'e' | 'E' | 'i' | 'I' | 'y' | 'Y' | '3' | '@' => Viseme::E,
        _ => Viseme::Etc,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lips_close_for_m_b_p_and_open_for_a() {
        assert_eq!(viseme("m"), Viseme::Mbp);
        assert_eq!(viseme("b"), Viseme::Mbp);
        assert_eq!(viseme("'a"), Viseme::A);
        assert_eq!(viseme("aI"), Viseme::A);
        assert_eq!(viseme("'oU"), Viseme::O);
        assert_eq!(viseme("u:"), Viseme::U);
        assert_eq!(viseme("D"), Viseme::Th);
        assert_eq!(viseme("s"), Viseme::Etc);
        assert_eq!(viseme("_:"), Viseme::Rest);
        assert_eq!(viseme(",i:"), Viseme::E);
    }
}
