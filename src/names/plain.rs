//! A fast reader for names files written the plain way every names file is
//! written: `[[person]]`, `[[place]]`, `[[organization]]` and
//! `[[person.positions]]` headers, bare keys, one-line strings and arrays
//! of strings (over several lines if need be), comments. A newsroom file of
//! 100,000 entities is read in a fraction of the time the general TOML
//! parser takes, without its whole-document tree.
//!
//! It never decides anything the TOML parser would decide differently: on
//! whatever it does not read exactly as TOML does — another kind of value,
//! a quoted or dotted key, a multi-line string, an escape it does not know,
//! a key given twice, a key the schema does not have, an entry without
//! `name` — it gives up (`None`), and the file is read by the TOML parser,
//! which also names the error. A test holds both readers equal on the
//! built-in file and on generated ones.

use super::person::{Person, Position};

/// The entities of a names file by table (people, places, organizations),
/// each in file order; `None` when the file is not written the plain way.
pub(super) fn parse(text: &str) -> Option<[Vec<Person>; 3]> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        at: 0,
    };
    // Sized from the headers up front: no copying of a growing table.
    let count = |header: &str| memchr::memmem::find_iter(text.as_bytes(), header).count();
    let mut tables: [Vec<Person>; 3] = [
        Vec::with_capacity(count("[[person]]")),
        Vec::with_capacity(count("[[place]]")),
        Vec::with_capacity(count("[[organization]]")),
    ];
    // The table keys go to: (table, in a position), and the keys seen there.
    let mut current: Option<(usize, bool)> = None;
    let mut seen: u32 = 0;
    loop {
        reader.skip_blank()?;
        let Some(&b) = reader.bytes.get(reader.at) else {
            break;
        };
        if b == b'[' {
            let header = reader.header()?;
            let (table, position) = match header {
                "person" => (0, false),
                "place" => (1, false),
                "organization" => (2, false),
                "person.positions" => (0, true),
                _ => return None,
            };
            if position {
                tables[table]
                    .last_mut()?
                    .positions
                    .push(Position::default());
            } else {
                tables[table].push(Person::default());
            }
            current = Some((table, position));
            seen = 0;
            continue;
        }
        let (table, position) = current?;
        let key = reader.key()?;
        let value = reader.value()?;
        reader.end_of_line()?;
        let entity = tables[table].last_mut()?;
        let bit = if position {
            set_position(entity.positions.last_mut()?, key, value)?
        } else {
            set_entity(entity, key, value)?
        };
        if seen & bit != 0 {
            return None;
        }
        seen |= bit;
    }
    let complete = tables
        .iter()
        .flatten()
        .all(|e| !e.name.is_empty() && e.positions.iter().all(|p| !p.title.is_empty()));
    complete.then_some(tables)
}

enum Value {
    Text(String),
    List(Vec<String>),
}

impl Value {
    fn text(self) -> Option<String> {
        match self {
            Value::Text(text) => Some(text),
            Value::List(_) => None,
        }
    }

    fn list(self) -> Option<Vec<String>> {
        match self {
            Value::List(list) => Some(list),
            Value::Text(_) => None,
        }
    }
}

/// Sets `key` of an entity; the key's bit (for keys given twice), or `None`
/// for a key the schema does not have or a value of the wrong kind.
fn set_entity(entity: &mut Person, key: &str, value: Value) -> Option<u32> {
    let (bit, slot) = match key {
        "variants" => {
            entity.variants = value.list()?;
            return Some(1);
        }
        "aliases" => {
            entity.aliases = value.list()?;
            return Some(1 << 1);
        }
        "sources" => {
            entity.sources = value.list()?;
            return Some(1 << 2);
        }
        "id" => {
            entity.id = value.text()?;
            return Some(1 << 3);
        }
        "name" => {
            entity.name = value.text()?;
            return Some(1 << 4);
        }
        "kind" => (5, &mut entity.category),
        "abbreviation" => (6, &mut entity.abbreviation),
        "yonhap" => (7, &mut entity.yonhap),
        "native" => (8, &mut entity.native),
        "title" => (9, &mut entity.title),
        "organization" => (10, &mut entity.organization),
        "country" => (11, &mut entity.country),
        "as_of" => (12, &mut entity.as_of),
        "born" => (13, &mut entity.born),
        "second_reference" => (14, &mut entity.second_reference),
        "description" => (15, &mut entity.description),
        "note" => (16, &mut entity.note),
        _ => return None,
    };
    *slot = Some(value.text()?);
    Some(1 << bit)
}

fn set_position(position: &mut Position, key: &str, value: Value) -> Option<u32> {
    let (bit, slot) = match key {
        "title" => {
            position.title = value.text()?;
            return Some(1);
        }
        "organization" => (1, &mut position.organization),
        "start" => (2, &mut position.start),
        "end" => (3, &mut position.end),
        "as_of" => (4, &mut position.as_of),
        "note" => (5, &mut position.note),
        _ => return None,
    };
    *slot = Some(value.text()?);
    Some(1 << bit)
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Spaces, tabs, line breaks and comments.
    fn skip_blank(&mut self) -> Option<()> {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\n' => self.at += 1,
                b'\r' if self.bytes.get(self.at + 1) == Some(&b'\n') => self.at += 2,
                b'#' => self.skip_comment()?,
                _ => break,
            }
        }
        Some(())
    }

    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    /// A comment up to the end of its line, holding no control character
    /// TOML refuses.
    fn skip_comment(&mut self) -> Option<()> {
        let end =
            memchr::memchr(b'\n', &self.bytes[self.at..]).map_or(self.bytes.len(), |n| self.at + n);
        let comment = &self.bytes[self.at..end];
        let comment = comment.strip_suffix(b"\r").unwrap_or(comment);
        self.at = end;
        comment
            .iter()
            .all(|&b| (b >= 0x20 || b == b'\t') && b != 0x7f)
            .then_some(())
    }

    /// What is left of a line after a key's value or a header: spaces and
    /// a comment.
    fn end_of_line(&mut self) -> Option<()> {
        self.skip_spaces();
        match self.peek() {
            None | Some(b'\n') => Some(()),
            Some(b'\r') if self.bytes.get(self.at + 1) == Some(&b'\n') => Some(()),
            Some(b'#') => self.skip_comment(),
            _ => None,
        }
    }

    /// `[[name]]`, spaces allowed inside.
    fn header(&mut self) -> Option<&'a str> {
        let rest = &self.text[self.at..];
        let inner = rest.strip_prefix("[[")?;
        let close = inner.find("]]")?;
        let name = inner[..close].trim_matches([' ', '\t']);
        self.at += 2 + close + 2;
        self.end_of_line()?;
        Some(name)
    }

    /// A bare key and the `=` after it.
    fn key(&mut self) -> Option<&'a str> {
        let start = self.at;
        while matches!(self.peek(), Some(b) if b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            self.at += 1;
        }
        let key = &self.text[start..self.at];
        self.skip_spaces();
        if key.is_empty() || self.peek() != Some(b'=') {
            return None;
        }
        self.at += 1;
        self.skip_spaces();
        Some(key)
    }

    fn value(&mut self) -> Option<Value> {
        if self.peek() != Some(b'[') {
            return self.string().map(Value::Text);
        }
        self.at += 1;
        let mut list = Vec::new();
        loop {
            self.skip_blank()?;
            if self.peek() == Some(b']') {
                self.at += 1;
                return Some(Value::List(list));
            }
            list.push(self.string()?);
            self.skip_blank()?;
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(Value::List(list));
                }
                _ => return None,
            }
        }
    }

    /// A one-line basic or literal string.
    fn string(&mut self) -> Option<String> {
        let quote = self.peek()?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        if self.bytes.get(self.at + 1..self.at + 3) == Some(&[quote, quote]) {
            return None; // a multi-line string
        }
        self.at += 1;
        let start = self.at;
        let mut out = String::new();
        let mut from = start;
        loop {
            // To the next quote or backslash in one search; what lies
            // between must hold no control character.
            let rest = &self.bytes[self.at..];
            let next = if quote == b'"' {
                memchr::memchr2(b'"', b'\\', rest)
            } else {
                memchr::memchr(b'\'', rest)
            }?;
            if rest[..next]
                .iter()
                .any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f)
            {
                return None;
            }
            self.at += next;
            let b = self.bytes[self.at];
            match b {
                _ if b == quote => {
                    out.push_str(&self.text[from..self.at]);
                    self.at += 1;
                    return Some(out);
                }
                b'\\' if quote == b'"' => {
                    out.push_str(&self.text[from..self.at]);
                    let escape = *self.bytes.get(self.at + 1)?;
                    self.at += 2;
                    match escape {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'n' => out.push('\n'),
                        b't' => out.push('\t'),
                        b'r' => out.push('\r'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'u' | b'U' => {
                            let digits = if escape == b'u' { 4 } else { 8 };
                            let hex = self.text.get(self.at..self.at + digits)?;
                            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                                return None;
                            }
                            out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
                            self.at += digits;
                        }
                        _ => return None,
                    }
                    from = self.at;
                }
                _ => self.at += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::person::BUILTIN_OFFICIALS;
    use super::*;

    fn by_toml(text: &str) -> [Vec<Person>; 3] {
        super::super::person::parse_toml("t.toml", text).unwrap()
    }

    #[test]
    fn reads_the_built_in_file_as_toml_does() {
        assert_eq!(
            parse(BUILTIN_OFFICIALS).expect("plain"),
            by_toml(BUILTIN_OFFICIALS)
        );
    }

    #[test]
    fn reads_escapes_comments_lists_over_lines_and_crlf_as_toml_does() {
        let text = "# a file\r\n[[person]] # one\r\nname = \"A \\\"B\\\" \\u00e9\\\\\" # c\r\nid='x\\y'\r\nvariants = [\r\n  \"C\", # first\r\n  'D',\r\n]\r\naliases=[]\r\n[[place]]\r\nname = \"P\"\r\n[[ person.positions ]]\r\ntitle = \"T\"\r\n";
        assert_eq!(parse(text).expect("plain"), by_toml(text));
    }

    #[test]
    fn leaves_to_the_toml_parser_what_it_does_not_read_exactly() {
        for text in [
            "[[person]]\nname = \"\"\"A\"\"\"\n",
            "[[person]]\nname = \"A\"\nname = \"B\"\n",
            "[[person]]\nname = \"A\"\ntitel = \"B\"\n",
            "[[person]]\n\"name\" = \"A\"\n",
            "[[person]]\nname.first = \"A\"\n",
            "[[person]]\nname = \"A\\e\"\n",
            "[[person]]\nname = \"A\nB\"\n",
            "[[person]]\nid = \"x\"\n",
            "[[person]]\nname = \"A\"\n[[person.positions]]\nstart = \"2016\"\n",
            "[[person]]\nname = \"A\"\nvariants = \"B\"\n",
            "[[person]]\nname = \"A\" x\n",
            "name = \"A\"\n",
            "[person]\nname = \"A\"\n",
            "[[person.positions]]\ntitle = \"T\"\n",
            "[[place]]\nname = \"A\"\n[[place.positions]]\ntitle = \"T\"\n",
            "[[person]]\nname = \"A\"\nvariants = [\"B\" \"C\"]\n",
        ] {
            assert!(parse(text).is_none(), "{text:?}");
        }
    }
}
