//! Any bytes through the public API: `extract` on valid UTF-8 and
//! `batch::read_record` on anything. Checks what must hold for every input:
//! no panic, spans on char boundaries that slice to the evidence, `part_of`
//! pointing back, and a document that serialises.
//!
//! Run with `cargo +nightly fuzz run extract` (cargo-fuzz needs nightly).

#![no_main]

use libfuzzer_sys::fuzz_target;
use newstally::{Extractor, batch::read_record, extract};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let document = extract(text);
        for (i, event) in document.events.iter().enumerate() {
            let evidence = text.get(event.span[0]..event.span[1]).expect("span on char boundaries");
            assert_eq!(evidence, event.evidence);
            assert!(event.part_of.is_none_or(|p| p < i), "part_of points back");
        }
        serde_json::to_string(&document).expect("a document serialises");
    }
    let record = read_record(1, data, &Extractor::new());
    serde_json::to_string(&record).expect("a record serialises");
});
