//! The naming conventions of the grammar's rules that Rust relies on, written
//! once for the build script and the library. `src/build/check.rs` (and so
//! `src/build.rs` and the grammar tests) and the library (`src/lib.rs`) both
//! compile this file; grammar/scanner.pest explains the conventions to an
//! editor, and a test checks that it names every suffix listed here
//! (tests/grammar_check.rs).

/// Endings of the rules whose words signal an event: the part of the name
/// before the ending is the event kind (`killed_verb` → `killed`), and
/// `event<ending>` is each one's group rule (`event_verb`). Their words are
/// trigger words.
pub const EVENT_SUFFIXES: [&str; 3] = ["_verb", "_state", "_noun"];

/// Ending of the rules whose words signal an attribution (`saying_cue`).
/// Their words are trigger words too.
#[allow(dead_code)] // the build script reads it, the library does not
pub const CUE_SUFFIX: &str = "_cue";

/// Rules named `role_<category>` list the nouns of a category.
pub const ROLE_PREFIX: &str = "role_";

/// Which trigger word every match of an island contains, by the ending of
/// the rules that list it: src/build.rs finds it for each alternative of
/// rule `island`, and src/scan.rs tries the island only when such a word
/// follows within reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// None: the island is tried wherever it can start.
    Nothing,
    /// A word of an event rule (`EVENT_SUFFIXES`).
    EventWord,
    /// A word of an attribution cue (`CUE_SUFFIX`).
    Cue,
}
