#!/usr/bin/env python3
"""Regenerates copydesk's spelling data from SCOWL:

* data/words-en-us.txt  -- the American word list (every word American copy
  may use, by SCOWL size);
* data/words-en-gb.txt  -- the difference of the British spellings from it:
  each word whose spelling depends on the house (American, British with
  -ise, British with -ize), the spellings it belongs to, and its
  counterparts in the others.

Run from the repository root with Debian's `scowl` package installed:

    python3 data/words-from-scowl.py [/usr/share/dict/scowl]

The output is deterministic (sorted, no dates); CI does not need SCOWL: the
two files are committed, and build.rs compiles them.
"""

import os
import sys

SCOWL = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/dict/scowl"
SIZES = [10, 20, 35, 40, 50, 55, 60, 70, 80]
HERE = os.path.dirname(os.path.abspath(__file__))

# Words of news copy that SCOWL lacks, added at the end of the American
# list (and so accepted in every spelling).
ADDED = """\
# Added by copydesk (still size 80): words of news copy that SCOWL lacks —
# laude and airtanker(s) from the corpus's edited releases; onboard(ing)
# and offboarding, which run-together took for "on boarding".
laude
airtanker
airtankers
onboard
onboarding
offboarding
# Words from other languages that English-language news copy writes in
# lowercase roman letters, untranslated, and SCOWL lacks: Korean, Chinese,
# Japanese, Arabic, Spanish, Hindi, Russian and others, with the plurals
# copy uses. A desk's own go in its `[data] accept` list.
aegyo
amakudari
baijiu
banchan
bandh
bandhs
baozi
bibimbap
bidoon
bulgogi
cacerolazo
cacerolazos
catenaccio
chaebols
chavista
chavistas
colectivo
colectivos
dabke
danwei
dhaba
dhabas
dibao
doenjang
erhu
galbi
gaokao
gapjil
gayageum
gegenpressing
gimbap
gochujang
guanxi
hagwon
hagwons
hallyu
hanbok
hanboks
hangeul
hanok
hanoks
hawala
hikikomori
hongbao
huachicol
huachicolero
huachicoleros
hukou
hutong
hutongs
hygge
iftar
iftars
ikigai
izakaya
izakayas
japchae
jeonse
jiaozi
jihadi
jihadis
jjigae
jjimjilbang
juche
jugaad
karoshi
kimbap
kimjang
kompromat
konbini
lagom
makgeolli
manhwa
matcha
mukbang
mukbangs
naengmyeon
neijuan
nemawashi
noraebang
nunchi
omakase
ondol
onsen
onsens
otaku
panenka
pansori
putonghua
regista
samgyeopsal
shawarma
shawarmas
shinkansen
shisha
sicario
sicarios
siloviki
soju
songbun
ssireum
suhoor
taekwondo
taikonaut
taikonauts
takfiri
tangping
tteokbokki
trequartista
umrah
wagyu
webtoon
webtoons
xiaolongbao
yuzu
zongzi
"""

# Spelling differences as pairs of a part of a word in one spelling and the
# same part in another. A word's counterparts are the words of the other
# spelling reached by at most three of these replacements, anywhere in the
# word, in either direction ("colorization" -> "colourisation").
PAIRS = [
    ("or", "our"),
    ("er", "re"),
    ("ize", "ise"),
    ("iz", "is"),
    ("yze", "yse"),
    ("yz", "ys"),
    ("l", "ll"),
    ("e", "ae"),
    ("e", "oe"),
    ("og", "ogue"),
    ("ense", "ence"),
    ("gment", "gement"),
    ("ax", "axe"),
    ("gray", "grey"),
    ("aluminum", "aluminium"),
    ("program", "programme"),
    ("tire", "tyre"),
    ("check", "cheque"),
    ("plow", "plough"),
    ("mold", "mould"),
    ("molt", "moult"),
    ("smolder", "smoulder"),
    ("pajama", "pyjama"),
    ("sulfur", "sulphur"),
    ("cozy", "cosy"),
    ("mustache", "moustache"),
    ("skeptic", "sceptic"),
    ("jewelry", "jewellery"),
    ("artifact", "artefact"),
    ("omelet", "omelette"),
    ("yogurt", "yoghurt"),
    ("aging", "ageing"),
]


def read(name, largest=80):
    """A SCOWL list's words by their smallest size: lowercase entries only
    (a capital makes a name or an abbreviation), no possessives."""
    words = {}
    for size in SIZES:
        if size > largest:
            continue
        path = os.path.join(SCOWL, f"{name}.{size}")
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                word = line.strip()
                if not word or word.endswith("'s") or any(c.isupper() for c in word):
                    continue
                if word not in words or words[word] > size:
                    words[word] = size
    return words


def merge(*lists):
    out = {}
    for words in lists:
        for word, size in words.items():
            if word not in out or out[word] > size:
                out[word] = size
    return out


english = merge(
    read("english-words"), read("english-contractions"), read("english-abbreviations")
)
american = read("american-words")
british = read("british-words")
oxford = read("british_z-words")
variant_1 = read("variant_1-words")
variant_2 = read("variant_2-words", 60)
british_variant_1 = read("british_variant_1-words")

# The words each house spelling accepts among the regional ones: its own
# list and the variants SCOWL counts as acceptable in it (level 1:
# "cancelled" in American, "judgment" in British).
SPELLINGS = ["us", "gb", "oxford"]
regional = set(american) | set(british) | set(oxford)
regional -= set(english)
valid = {
    "us": set(american) | set(variant_1),
    "gb": set(british) | set(british_variant_1),
    "oxford": set(oxford) | set(british_variant_1),
}
size = merge(american, british, oxford, variant_1, variant_2, british_variant_1)


def is_valid(word, spelling):
    return word not in regional or word in valid[spelling]


def counterparts(word, spelling):
    """The words `spelling` accepts that `word` becomes by at most three
    replacements of PAIRS."""
    seen = {word}
    frontier = [(word, True)]
    found = set()
    for _ in range(3):
        following = []
        for w, path in frontier:
            for a, b in PAIRS:
                for old, new in ((a, b), (b, a)):
                    start = w.find(old)
                    while start != -1:
                        c = w[:start] + new + w[start + len(old):]
                        at_end = start + len(old) == len(w)
                        start = w.find(old, start + 1)
                        # "anaemia", not "venulae" for "venule".
                        if at_end and "e" in (a, b) and b in ("ae", "oe"):
                            continue
                        if c in seen:
                            continue
                        seen.add(c)
                        # A word every spelling shares ("program", "check")
                        # counts only when reached by pairs of whole words:
                        # "center" is not "centare", nor "tyre" "tier".
                        whole_words = path and len(a) >= 4 and len(b) >= 4
                        following.append((c, whole_words))
                        known = c in regional or (c in english and whole_words)
                        if known and is_valid(c, spelling) and c in accepted_anywhere:
                            found.add(c)
        frontier = following
    return sorted(found)


# Every word the American list held before the house setting: its own
# words, the variants, and British spellings up to size 60.
accepted_anywhere = merge(
    english,
    american,
    variant_1,
    variant_2,
    read("british-words", 60),
    read("british_z-words", 60),
)
for word, s in british.items():
    accepted_anywhere.setdefault(word, s)
for word, s in oxford.items():
    accepted_anywhere.setdefault(word, s)
accepted_anywhere = set(accepted_anywhere)

entries = {}
for word in sorted(regional):
    wrong = [s for s in SPELLINGS if not is_valid(word, s)]
    if not wrong:
        continue
    others = set()
    for s in wrong:
        others.update(counterparts(word, s))
    # A regional word with no counterpart (SCOWL lists "amongst" as
    # British) stays a word in every spelling: quiet before clever.
    if not others:
        continue
    entries[word] = ([s for s in SPELLINGS if s not in wrong], sorted(others))

# The American list: every word it held, but the spellings American copy
# writes otherwise.
us_words = merge(
    english, american, variant_1, variant_2, read("british-words", 60), read("british_z-words", 60)
)
us_words = {w: s for w, s in us_words.items() if w not in entries or "us" in entries[w][0]}


def sections(words):
    by_size = {}
    for word, s in words.items():
        by_size.setdefault(s, []).append(word)
    out = []
    for s in sorted(by_size):
        out.append(f"# size {s}")
        out.extend(sorted(by_size[s]))
        out.append("")
    return out


US_HEADER = """\
# copydesk's English word list: lowercase words with their inflections, by
# SCOWL size (10 = the most common words, 60 = the size spell checkers use,
# 80 = rare words), which copydesk reads as a word's frequency class.
# Derived from SCOWL (Spell Checker Oriented Word Lists) by Kevin Atkinson,
# Debian package scowl 2020.12.07: english-words, american-words,
# english-contractions, english-abbreviations and variant_1-words, sizes 10
# to 80; variant_2-words, british-words and british_z-words, sizes 10 to 60,
# but the British spellings of words-en-gb.txt (so that American copy is
# told "color", not "colour"). Entries with a capital or ending in the
# possessive 's are left out (the rule strips a possessive itself).
# Copyright 2000-2011 by Kevin Atkinson and others; the full copyright and
# permission notice is in data/LICENSE-SCOWL.
# Generated by data/words-from-scowl.py (edit the script, not this file).
# build.rs compiles this file into a hash table (no run parses it).
"""

GB_HEADER = """\
# copydesk's house spellings: the words of SCOWL's american-words,
# british-words (British, -ise) and british_z-words (British, -ize, Oxford)
# lists, sizes 10 to 80, that one of those spellings does not accept, by
# SCOWL size. Each line: the word, the spellings that accept it (us, gb,
# oxford; a SCOWL variant of level 1 counts as accepted: "judgment" in
# British), then after ">" its counterparts in the spellings that do not
# (the words those accept that it becomes by the replacements listed in the
# script: or/our, er/re, ize/ise, l/ll, og/ogue, ...). A regional word with
# no counterpart is not listed (it stays a word everywhere). This is the
# difference from words-en-us.txt: a word tagged "us" is in it, any other
# is not.
# Derived from SCOWL by Kevin Atkinson, Debian package scowl 2020.12.07;
# copyright and permission notice in data/LICENSE-SCOWL.
# Generated by data/words-from-scowl.py (edit the script, not this file).
# build.rs compiles it into the same hash table as words-en-us.txt.
"""

with open(os.path.join(HERE, "words-en-us.txt"), "w", encoding="utf-8") as f:
    f.write(US_HEADER + "\n")
    f.write("\n".join(sections(us_words)))
    f.write(ADDED)

with open(os.path.join(HERE, "words-en-gb.txt"), "w", encoding="utf-8") as f:
    f.write(GB_HEADER + "\n")
    lines = []
    by_size = {}
    for word, (spellings, others) in entries.items():
        by_size.setdefault(size[word], []).append(word)
    for s in sorted(by_size):
        lines.append(f"# size {s}")
        for word in sorted(by_size[s]):
            spellings, others = entries[word]
            lines.append(" ".join([word] + spellings + [">"] + others))
        lines.append("")
    f.write("\n".join(lines))
