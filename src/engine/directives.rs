//! Inline switches in Markdown, written as HTML comments so they never render:
//! `<!-- copydesk-disable-next-line RULE -->`, `<!-- copydesk-disable RULE -->`
//! … `<!-- copydesk-enable RULE -->`. Without a rule id they apply to all rules.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

#[derive(Clone, Debug, Default)]
pub struct Directives {
    /// Regions where a rule (or, with `None`, every rule) is switched off.
    zones: Vec<(Option<String>, Range<usize>)>,
}

fn directive() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"<!--\s*copydesk-(disable-next-line|disable|enable)(?-u:\b)([^>]*?)\s*-->")
            .expect("directive pattern compiles")
    })
}

impl Directives {
    pub fn parse(text: &str, lines: &[Range<usize>]) -> Directives {
        let mut zones = Vec::new();
        if !text.contains("copydesk-") {
            return Directives { zones };
        }
        let mut open: Vec<(Option<String>, usize)> = Vec::new();
        for caps in directive().captures_iter(text) {
            let whole = caps.get(0).expect("match");
            let rules: Vec<Option<String>> = {
                let ids: Vec<Option<String>> = caps[2]
                    .split(|c: char| c.is_whitespace() || c == ',')
                    .filter(|s| !s.is_empty())
                    .map(|s| Some(s.to_string()))
                    .collect();
                if ids.is_empty() { vec![None] } else { ids }
            };
            match &caps[1] {
                "disable-next-line" => {
                    let line = lines.partition_point(|l| l.end < whole.end());
                    if let Some(next) = lines.get(line + 1) {
                        for rule in rules {
                            zones.push((rule, next.clone()));
                        }
                    }
                }
                "disable" => open.extend(rules.into_iter().map(|rule| (rule, whole.end()))),
                _ => {
                    for rule in rules {
                        // `enable` without a rule closes every open zone.
                        let mut kept = Vec::new();
                        for (open_rule, start) in open.drain(..) {
                            if rule.is_none() || open_rule == rule {
                                zones.push((open_rule, start..whole.start()));
                            } else {
                                kept.push((open_rule, start));
                            }
                        }
                        open = kept;
                    }
                }
            }
        }
        zones.extend(
            open.into_iter()
                .map(|(rule, start)| (rule, start..text.len())),
        );
        Directives { zones }
    }

    pub fn is_disabled(&self, rule: &str, pos: usize) -> bool {
        self.zones
            .iter()
            .any(|(r, zone)| zone.contains(&pos) && r.as_deref().is_none_or(|r| r == rule))
    }
}

#[cfg(test)]
mod tests {
    use super::Directives;
    use crate::engine::lines::split_lines;

    fn parse(text: &str) -> Directives {
        Directives::parse(text, &split_lines(text))
    }

    #[test]
    fn next_line_switch_covers_only_the_next_line() {
        let text = "<!-- copydesk-disable-next-line repeated-word -->\nthe the\nthe the\n";
        let directives = parse(text);
        assert!(directives.is_disabled("repeated-word", text.find("the the").unwrap()));
        assert!(!directives.is_disabled("misspelling", text.find("the the").unwrap()));
        assert!(!directives.is_disabled("repeated-word", text.rfind("the the").unwrap()));
    }

    #[test]
    fn disable_enable_pairs_and_bare_disable() {
        let text = "a <!-- copydesk-disable --> b <!-- copydesk-enable --> c <!-- copydesk-disable date-format --> d";
        let directives = parse(text);
        let at = |s: &str| text.find(s).unwrap();
        assert!(!directives.is_disabled("misspelling", at("a ")));
        assert!(directives.is_disabled("misspelling", at("b ")));
        assert!(!directives.is_disabled("misspelling", at("c ")));
        assert!(directives.is_disabled("date-format", text.len() - 1));
        assert!(!directives.is_disabled("misspelling", text.len() - 1));
    }
}
