//! The name trie's edges: `edge(node, folded word hash)` → the next node,
//! in one open-addressing table. Built a level at a time from every
//! spelling's words: the edges of a level are sorted, which numbers the
//! nodes, and the table is filled in the order of its slots, so building
//! it for a newsroom's file of 100,000 entities reads and writes memory in
//! order rather than missing the cache once an edge.

/// The key of the trie edge from `node` on a word whose folded hash is
/// `word`: one 64-bit value rather than the pair. Two pairs sharing a key
/// would share an edge, which `NameIndex::resolve` turns away by comparing
/// the words, as it does two words sharing a hash.
pub(super) fn edge(node: u32, word: u64) -> u64 {
    word ^ u64::from(node).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The edges: keys and next nodes in slots found from a key's top bits
/// (the best mixed of a word hash), probed in order; node 0 (the root) is
/// never a next node, so it marks an empty slot.
#[derive(Debug, Default)]
pub(super) struct Edges {
    keys: Vec<u64>,
    nodes: Vec<u32>,
    shift: u32,
    len: usize,
}

impl Edges {
    pub(super) fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub(super) fn get(&self, key: u64) -> Option<u32> {
        if self.len == 0 {
            return None;
        }
        let mask = self.nodes.len() - 1;
        let mut slot = (key >> self.shift) as usize;
        loop {
            match self.nodes[slot] {
                0 => return None,
                node if self.keys[slot] == key => return Some(node),
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    /// The table of `edges` (key, next node), at most three quarters full. Sorted by
    /// key (here, level by level), they are put in slot order, one sweep
    /// over the table a level. A key given twice keeps its first node.
    fn from_sorted(edges: &[(u64, u32)]) -> Edges {
        // At most three quarters full: a probe rarely goes past its slot.
        let slots = (edges.len() + edges.len() / 3 + 1).next_power_of_two();
        let mut table = Edges {
            keys: vec![0; slots],
            nodes: vec![0; slots],
            shift: 64 - slots.trailing_zeros(),
            len: 0,
        };
        let mask = slots - 1;
        for &(key, node) in edges {
            let mut slot = (key >> table.shift) as usize;
            while table.nodes[slot] != 0 && table.keys[slot] != key {
                slot = (slot + 1) & mask;
            }
            if table.nodes[slot] == 0 {
                (table.keys[slot], table.nodes[slot]) = (key, node);
                table.len += 1;
            }
        }
        table
    }
}

/// The trie over spellings given as their words' hashes (`words`, with
/// spelling `k`'s words at `starts[k]..starts[k + 1]`, none empty): the
/// edges, and the node each spelling ends at. Nodes are numbered level by
/// level from 1, the root being 0; `nodes` is how many there are.
pub(super) struct Built {
    pub edges: Edges,
    pub ends: Vec<u32>,
    pub nodes: usize,
}

pub(super) fn build(words: &[u64], starts: &[u32]) -> Built {
    let spellings = starts.len().saturating_sub(1);
    let mut ends = vec![0u32; spellings];
    let mut all: Vec<(u64, u32)> = Vec::with_capacity(words.len());
    let mut level: Vec<(u64, u32)> = Vec::with_capacity(spellings);
    let mut scratch: Vec<(u64, u32)> = Vec::new();
    // Spellings that go on the same edge as the spelling before them at
    // this level (a person's spellings mostly begin alike: "Kim Min-jun",
    // "Kim Minjun"), with that spelling: they are not sorted, and end
    // where it does.
    let mut same: Vec<(u32, u32)> = Vec::new();
    let mut next = 1u32;
    for depth in 0.. {
        level.clear();
        same.clear();
        let mut before: Option<(u64, u32)> = None;
        for k in 0..spellings {
            let at = starts[k] as usize + depth;
            if at < starts[k + 1] as usize {
                let key = edge(ends[k], words[at]);
                match before {
                    Some((previous, j)) if previous == key => same.push((k as u32, j)),
                    _ => level.push((key, k as u32)),
                }
                before = Some((key, k as u32));
            }
        }
        if level.is_empty() {
            break;
        }
        sort(&mut level, &mut scratch);
        let mut previous = None;
        for &(key, k) in &level {
            if previous != Some(key) {
                previous = Some(key);
                all.push((key, next));
                next += 1;
            }
            ends[k as usize] = next - 1;
        }
        // In order: the spelling each follows has its node by then.
        for &(k, j) in &same {
            ends[k as usize] = ends[j as usize];
        }
    }
    let edges = Edges::from_sorted(&all);
    if edges.len != all.len() {
        // A key met on two levels (two pairs, one hash): the pairs share an
        // edge, as they would in a map filled spelling by spelling.
        return build_in_order(words, starts);
    }
    Built {
        edges,
        ends,
        nodes: next as usize,
    }
}

/// `pairs` sorted: distributed by their keys' top bits (the keys are
/// hashes, so the buckets are even and small), then each bucket sorted.
/// The same order as `sort_unstable`, in about a pass and a half.
pub(super) fn sort(pairs: &mut Vec<(u64, u32)>, scratch: &mut Vec<(u64, u32)>) {
    let bits = (usize::BITS - pairs.len().leading_zeros()).clamp(4, 16);
    let bucket = |key: u64| (key >> (64 - bits)) as usize;
    // One array of 32-bit counts, made the buckets' ends in place: a few
    // hundred kilobytes, not two arrays of machine words a call.
    let mut ends = vec![0u32; 1 << bits];
    for &(key, _) in pairs.iter() {
        ends[bucket(key)] += 1;
    }
    let mut sum = 0;
    for end in ends.iter_mut() {
        (*end, sum) = (sum, sum + *end);
    }
    scratch.clear();
    scratch.resize(pairs.len(), (0, 0));
    for &pair in pairs.iter() {
        let b = bucket(pair.0);
        scratch[ends[b] as usize] = pair;
        ends[b] += 1;
    }
    let mut start = 0;
    for &end in &ends {
        scratch[start..end as usize].sort_unstable();
        start = end as usize;
    }
    std::mem::swap(pairs, scratch);
}

/// `build` spelling by spelling through a map: slower, and taken only when
/// two pairs on different levels share a key.
fn build_in_order(words: &[u64], starts: &[u32]) -> Built {
    let mut map: rustc_hash::FxHashMap<u64, u32> = rustc_hash::FxHashMap::default();
    let mut ends = Vec::with_capacity(starts.len().saturating_sub(1));
    let mut next = 1u32;
    for pair in starts.windows(2) {
        let mut node = 0;
        for &word in &words[pair[0] as usize..pair[1] as usize] {
            node = *map.entry(edge(node, word)).or_insert_with(|| {
                next += 1;
                next - 1
            });
        }
        ends.push(node);
    }
    let mut all: Vec<(u64, u32)> = map.into_iter().collect();
    all.sort_unstable();
    Built {
        edges: Edges::from_sorted(&all),
        ends,
        nodes: next as usize,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_by_level_gives_the_trie_spelling_by_spelling_does() {
        // Spellings over a few words, sharing beginnings and ends.
        let mut words = Vec::new();
        let mut starts = vec![0u32];
        for n in 0u64..3000 {
            let len = 1 + n % 4;
            words.extend(
                (0..len).map(|i| ((n / 7 + i * 13) % 23).wrapping_mul(0x9E37_79B9_7F4A_7C15)),
            );
            starts.push(words.len() as u32);
        }
        let (levels, in_order) = (build(&words, &starts), build_in_order(&words, &starts));
        assert_eq!(levels.nodes, in_order.nodes);
        for (k, pair) in starts.windows(2).enumerate() {
            for built in [&levels, &in_order] {
                let mut node = 0;
                for &word in &words[pair[0] as usize..pair[1] as usize] {
                    node = built.edges.get(edge(node, word)).expect("an edge");
                }
                assert_eq!(node, built.ends[k]);
            }
            // The same spellings end together.
            for j in 0..k.min(50) {
                assert_eq!(
                    levels.ends[j] == levels.ends[k],
                    in_order.ends[j] == in_order.ends[k]
                );
            }
        }
    }

    #[test]
    fn pairs_are_sorted_as_sort_unstable_sorts_them() {
        let mut state = 0x1234_5678_u64;
        for n in [0, 1, 5, 100, 70_000] {
            let mut pairs: Vec<(u64, u32)> = (0..n)
                .map(|k| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    // Some keys repeat, as shared words' edges do.
                    (state >> (k % 3), (k % 7) as u32)
                })
                .collect();
            let mut expected = pairs.clone();
            expected.sort_unstable();
            sort(&mut pairs, &mut Vec::new());
            assert_eq!(pairs, expected, "{n} pairs");
        }
    }
}
