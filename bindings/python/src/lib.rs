//! Python bindings of newstally: the native module `newstally._newstally`,
//! wrapped by the pure-Python package in `python/newstally/`.
//!
//! A thin layer, like the CLI: the same [`newstally::Extractor`], the same
//! JSON. Documents cross into Python as JSON text (serde_json here,
//! `json.loads` there) rather than object by object: the output contract
//! stays the one the CLI and the tests see, and everything costly —
//! extraction and serialisation — runs with the GIL released
//! (`Python::detach`, PyO3's name for `allow_threads` since 0.26), in
//! parallel on rayon's thread pool for `extract_many`.
//!
//! This crate is not part of the Rust library's build: it is built only by
//! maturin (`pip install .` from the repository, see `pyproject.toml`), so
//! Rust users never compile PyO3.

#[pyo3::pymodule]
mod _newstally {
    use newstally::batch::read_record;
    use newstally::output::{ATTRIBUTION_COLUMNS, EVENT_COLUMNS};
    use newstally::{Document, Extractor, parse_publication_date};
    use pyo3::exceptions::{PyRuntimeError, PyValueError};
    use pyo3::prelude::*;
    use rayon::prelude::*;

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        // (name, JSON pointer) pairs: the flat table's columns, as the CLI's CSV.
        m.add("EVENT_COLUMNS", EVENT_COLUMNS.to_vec())?;
        m.add("ATTRIBUTION_COLUMNS", ATTRIBUTION_COLUMNS.to_vec())?;
        Ok(())
    }

    fn extractor(date: Option<&str>) -> Result<Extractor, String> {
        Ok(match date {
            Some(date) => Extractor::new()
                .with_publication_date(parse_publication_date(date).map_err(|e| e.to_string())?),
            None => Extractor::new(),
        })
    }

    fn to_json(document: &Document) -> PyResult<String> {
        serde_json::to_string(document)
            .map_err(|e| PyRuntimeError::new_err(format!("cannot serialise a document: {e}")))
    }

    /// One article → its document as JSON text. A bad date raises ValueError.
    #[pyfunction]
    #[pyo3(signature = (text, date=None))]
    fn extract_json(py: Python<'_>, text: &str, date: Option<&str>) -> PyResult<String> {
        let extractor = extractor(date).map_err(PyValueError::new_err)?;
        py.detach(|| to_json(&extractor.extract(text)))
    }

    /// JSON Lines records → (the id's JSON text as given, the document as
    /// JSON text), one per line, in order: exactly what `newstally extract
    /// --jsonl` writes for each line (same errors, ids byte for byte).
    /// `first_line` numbers the lines in error messages.
    #[pyfunction]
    #[pyo3(signature = (lines, threads=None, first_line=1))]
    fn extract_records_json(
        py: Python<'_>,
        lines: Vec<Vec<u8>>,
        threads: Option<usize>,
        first_line: usize,
    ) -> PyResult<Vec<(Option<String>, String)>> {
        let extractor = Extractor::new();
        let work = || {
            lines
                .par_iter()
                .enumerate()
                .map(|(i, line)| {
                    let line = line.strip_suffix(b"\n").unwrap_or(line);
                    let line = line.strip_suffix(b"\r").unwrap_or(line);
                    let document = read_record(first_line + i, line, &extractor);
                    let id = document.id.as_ref().map(|id| id.json().to_owned());
                    Ok((id, to_json(&document)?))
                })
                .collect::<PyResult<Vec<_>>>()
        };
        py.detach(|| in_pool(threads, work))
    }

    /// Runs `work` on `threads` threads (None: rayon's pool of all cores).
    fn in_pool<T: Send>(
        threads: Option<usize>,
        work: impl FnOnce() -> PyResult<T> + Send,
    ) -> PyResult<T> {
        match threads {
            None => work(),
            Some(0) => Err(PyValueError::new_err(
                "threads must be at least 1 (or None for all cores)",
            )),
            Some(n) => rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| PyRuntimeError::new_err(format!("cannot start {n} threads: {e}")))?
                .install(work),
        }
    }

    /// Many articles → their documents as JSON text, in order, extracted in
    /// parallel without the GIL. A bad date makes that document an error
    /// document (no events, `error` says why), as in the CLI's batch mode.
    #[pyfunction]
    #[pyo3(signature = (texts, dates=None, threads=None))]
    fn extract_many_json(
        py: Python<'_>,
        texts: Vec<String>,
        dates: Option<Vec<Option<String>>>,
        threads: Option<usize>,
    ) -> PyResult<Vec<String>> {
        let dates = dates.unwrap_or_else(|| vec![None; texts.len()]);
        if dates.len() != texts.len() {
            return Err(PyValueError::new_err(format!(
                "{} texts but {} dates: give one date (or None) per text",
                texts.len(),
                dates.len()
            )));
        }
        let work = || {
            texts
                .par_iter()
                .zip(&dates)
                .enumerate()
                .map(|(i, (text, date))| match extractor(date.as_deref()) {
                    Ok(extractor) => to_json(&extractor.extract(text)),
                    Err(why) => {
                        let mut document = Document::default();
                        document.error = Some(format!("dates[{i}]: {why}"));
                        to_json(&document)
                    }
                })
                .collect::<PyResult<Vec<String>>>()
        };
        py.detach(|| in_pool(threads, work))
    }
}
