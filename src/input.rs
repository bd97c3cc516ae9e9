//! Opening an input as the user handed it: a file or standard input, plain
//! or gzip-compressed, with or without a UTF-8 byte order mark.
//!
//! Archives are what analysts have, so nothing here trusts a file name:
//! - **gzip** is recognised by its magic bytes (`1f 8b`), not by `.gz`, and
//!   decompressed as a stream (flate2's `MultiGzDecoder`, so concatenated
//!   members such as `cat a.gz b.gz` read as one file);
//! - a **UTF-8 BOM** (`EF BB BF`, as some Windows tools write) is dropped, so
//!   the first record or the first sentence is not spoiled by it;
//! - the first 8 KB of the decoded text are **sniffed for a NUL byte**: text
//!   never holds one, while images, zip files and UTF-16 do. The caller
//!   decides what to do (the CLI refuses, with a hint).
//!
//! Everything is streamed: only the first few kilobytes are held to look at.
//! The bytes read from the file itself (compressed or not) are counted in a
//! shared counter, so a progress bar can compare them with the file's size.
//!
//! [`Input`] is the command line's (feature `cli`, which brings flate2);
//! the bounded line reader below it is batch mode's, in every build.

use std::io::{self, BufRead};
#[cfg(feature = "cli")]
use std::{
    fs::File,
    io::{BufReader, Cursor, Read},
    path::Path,
    sync::Arc,
    sync::atomic::{AtomicU64, Ordering},
};

#[cfg(feature = "cli")]
use flate2::read::MultiGzDecoder;

/// How many decoded bytes are looked at for a NUL byte.
#[cfg(feature = "cli")]
const SNIFF_BYTES: usize = 8 << 10;
/// The read buffer: large enough that batch reading is not a syscall per line.
#[cfg(feature = "cli")]
const BUFFER_BYTES: usize = 64 << 10;

/// An opened input, ready to read as text.
#[cfg(feature = "cli")]
pub struct Input {
    /// The path as given, or "standard input".
    pub name: String,
    /// The decoded bytes (decompressed, BOM dropped).
    pub reader: Box<dyn BufRead>,
    /// The input was gzip-compressed.
    pub gzip: bool,
    /// Where the first NUL byte is, when one is in the first 8 KB of text.
    pub nul_at: Option<usize>,
    /// The file's size in bytes (None for standard input).
    pub size: Option<u64>,
    /// Bytes read from the file so far (compressed bytes for gzip).
    pub consumed: Arc<AtomicU64>,
}

#[cfg(feature = "cli")]
impl Input {
    /// Opens `path`; `None` or `-` is standard input. The error says what to do.
    pub fn open(path: Option<&Path>) -> Result<Input, String> {
        match path {
            None => Self::from_reader("standard input".into(), io::stdin().lock(), None),
            Some(path) if path.as_os_str() == "-" => {
                Self::from_reader("standard input".into(), io::stdin().lock(), None)
            }
            Some(path) => {
                let name = path.display().to_string();
                let file = File::open(path)
                    .map_err(|e| format!("cannot open {name}: {e}; check the path"))?;
                let size = file.metadata().ok().map(|m| m.len());
                Self::from_reader(name, file, size)
            }
        }
    }

    /// Wraps any reader (used for files, standard input and tests).
    pub fn from_reader(
        name: String,
        raw: impl Read + 'static,
        size: Option<u64>,
    ) -> Result<Input, String> {
        let consumed = Arc::new(AtomicU64::new(0));
        let counted = Counting {
            inner: raw,
            consumed: Arc::clone(&consumed),
        };
        let unreadable = |e: io::Error| format!("cannot read {name}: {e}");
        let (head, rest) = peek(counted, 2).map_err(unreadable)?;
        let gzip = head.starts_with(&[0x1f, 0x8b]);
        let decoded: Box<dyn Read> = if gzip {
            Box::new(MultiGzDecoder::new(Cursor::new(head).chain(rest)))
        } else {
            Box::new(Cursor::new(head).chain(rest))
        };
        let (mut head, rest) = peek(decoded, SNIFF_BYTES).map_err(|e| {
            if gzip {
                format!("cannot decompress {name}: {e}; check that it is a complete gzip file")
            } else {
                unreadable(e)
            }
        })?;
        if head.starts_with(b"\xEF\xBB\xBF") {
            head.drain(..3);
        }
        let nul_at = memchr::memchr(0, &head);
        Ok(Input {
            name,
            reader: Box::new(BufReader::with_capacity(
                BUFFER_BYTES,
                Cursor::new(head).chain(rest),
            )),
            gzip,
            nul_at,
            size,
            consumed,
        })
    }

    /// The message for an input that looks binary.
    pub fn binary_message(&self) -> Option<String> {
        self.nul_at.map(|at| {
            format!(
                "{} looks binary (a NUL byte at offset {at}{}), not text; newstally reads UTF-8 text or JSON Lines, \
                 plain or gzip-compressed: unpack other archives first, and re-encode UTF-16 as UTF-8 (iconv -f utf-16 -t utf-8)",
                self.name,
                if self.gzip { " after decompression" } else { "" }
            )
        })
    }
}

/// Reads up to `n` bytes (fewer only at the end of input), and hands back
/// the rest. Once the end was seen the rest is empty and the reader is not
/// read again: on a terminal, Ctrl-D ends the input only once.
#[cfg(feature = "cli")]
fn peek<'r>(mut reader: impl Read + 'r, n: usize) -> io::Result<(Vec<u8>, Box<dyn Read + 'r>)> {
    let mut head = Vec::with_capacity(n);
    (&mut reader).take(n as u64).read_to_end(&mut head)?;
    if head.len() < n {
        return Ok((head, Box::new(io::empty())));
    }
    Ok((head, Box::new(reader)))
}

/// A reader that counts the bytes it hands out.
#[cfg(feature = "cli")]
struct Counting<R> {
    inner: R,
    consumed: Arc<AtomicU64>,
}

#[cfg(feature = "cli")]
impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.consumed.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// How a bounded line read ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineRead {
    /// No more input.
    End,
    /// A whole line is in the buffer (without its `\n` or `\r\n`).
    Line,
    /// The line was longer than the limit: it was skipped up to its newline
    /// (or the end of input), `bytes` long in all; the buffer holds its
    /// first bytes only.
    TooLong { bytes: u64 },
}

/// Reads one line into `line` (cleared first), holding at most `max` bytes
/// of it: a longer line is consumed to its end without being stored (the
/// buffer keeps its first `keep` bytes, e.g. to recover an id), so memory
/// stays bounded even on an endless line with no newline.
pub fn read_line_bounded(
    input: &mut impl BufRead,
    line: &mut Vec<u8>,
    max: usize,
    keep: usize,
) -> io::Result<LineRead> {
    line.clear();
    let mut total: u64 = 0;
    let mut too_long = false;
    loop {
        let buffer = match input.fill_buf() {
            Ok(buffer) => buffer,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buffer.is_empty() {
            if total == 0 {
                return Ok(LineRead::End);
            }
            break;
        }
        let (take, done) = match memchr::memchr(b'\n', buffer) {
            Some(i) => (i + 1, true),
            None => (buffer.len(), false),
        };
        total += take as u64;
        if !too_long {
            // Room for the line ending beyond `max`: it is not content.
            if line.len() + take > max.saturating_add(2) {
                too_long = true;
                let room = keep.saturating_sub(line.len()).min(take);
                line.extend_from_slice(&buffer[..room]);
                line.truncate(keep);
            } else {
                line.extend_from_slice(&buffer[..take]);
            }
        }
        input.consume(take);
        if done {
            break;
        }
    }
    if too_long {
        return Ok(LineRead::TooLong { bytes: total });
    }
    while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        line.pop();
    }
    if line.len() > max {
        let bytes = line.len() as u64;
        line.truncate(keep);
        return Ok(LineRead::TooLong { bytes });
    }
    Ok(LineRead::Line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufReader, Cursor};

    #[cfg(feature = "cli")]
    fn open(bytes: Vec<u8>) -> Input {
        Input::from_reader("test".into(), Cursor::new(bytes), None).expect("opens")
    }

    #[cfg(feature = "cli")]
    fn text(mut input: Input) -> String {
        let mut out = String::new();
        input.reader.read_to_string(&mut out).expect("reads");
        out
    }

    #[test]
    #[cfg(feature = "cli")]
    fn gzip_is_recognised_by_its_magic_bytes_and_a_bom_is_dropped() {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder
            .write_all(b"\xEF\xBB\xBFTwo soldiers")
            .expect("compress");
        let input = open(encoder.finish().expect("compress"));
        assert!(input.gzip);
        assert_eq!(text(input), "Two soldiers");
        assert_eq!(text(open(b"\xEF\xBB\xBFplain".to_vec())), "plain");
        assert_eq!(text(open(b"\x1f".to_vec())), "\x1f");
    }

    #[test]
    #[cfg(feature = "cli")]
    fn a_nul_byte_marks_binary_input() {
        assert_eq!(open(b"PK\x03\x04\x00\x00".to_vec()).nul_at, Some(4));
        assert!(open(b"text".to_vec()).binary_message().is_none());
    }

    #[test]
    fn a_long_line_is_skipped_to_its_newline_keeping_its_head() {
        let mut reader =
            BufReader::with_capacity(4, Cursor::new(b"0123456789\r\nabc\nxyz".to_vec()));
        let mut line = Vec::new();
        let read = read_line_bounded(&mut reader, &mut line, 5, 3).expect("reads");
        assert_eq!(read, LineRead::TooLong { bytes: 12 });
        assert_eq!(line, b"012");
        assert_eq!(
            read_line_bounded(&mut reader, &mut line, 5, 3).expect("reads"),
            LineRead::Line
        );
        assert_eq!(line, b"abc");
        assert_eq!(
            read_line_bounded(&mut reader, &mut line, 5, 3).expect("reads"),
            LineRead::Line
        );
        assert_eq!(line, b"xyz");
        assert_eq!(
            read_line_bounded(&mut reader, &mut line, 5, 3).expect("reads"),
            LineRead::End
        );
        // Exactly at the limit, with a CRLF ending: a line.
        let mut reader = Cursor::new(b"12345\r\n".to_vec());
        assert_eq!(
            read_line_bounded(&mut reader, &mut line, 5, 3).expect("reads"),
            LineRead::Line
        );
        assert_eq!(line, b"12345");
    }
}
