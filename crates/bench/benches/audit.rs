//! Audit throughput over the text corpus (`../shared/corpus/*.txt` and the
//! seed): read, recognise, build views, read the narrative, recover form facts,
//! check. Target: the whole text corpus in < 0.5 s on a 2-core machine.

use std::path::PathBuf;

use divan::counter::{BytesCount, ItemsCount};

fn main() {
    divan::main();
}

fn corpus() -> Vec<PathBuf> {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let mut files: Vec<PathBuf> = std::fs::read_dir(shared.join("corpus"))
        .expect("../shared/corpus")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.push(shared.join("seed/jianghan-2022-zhengfuban.txt"));
    files.sort();
    files
}

/// Every document on one thread, one after the other.
#[divan::bench(sample_count = 20)]
fn corpus_sequential(b: divan::Bencher) {
    let files = corpus();
    let bytes: usize = files.iter().map(|f| std::fs::metadata(f).map_or(0, |m| m.len() as usize)).sum();
    let catalog = yusuan_model::Catalog::embedded();
    let config = yusuan_check::Config::default();
    b.counter(BytesCount::new(bytes))
        .counter(ItemsCount::new(files.len()))
        .bench(|| files.iter().map(|f| yusuan_audit::audit_file(f, &catalog, &config).tables.len()).sum::<usize>());
}

/// As `yusuan audit` runs it: documents spread over the cores.
#[divan::bench(sample_count = 20)]
fn corpus_parallel(b: divan::Bencher) {
    let files = corpus();
    let bytes: usize = files.iter().map(|f| std::fs::metadata(f).map_or(0, |m| m.len() as usize)).sum();
    let catalog = yusuan_model::Catalog::embedded();
    let config = yusuan_check::Config::default();
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    b.counter(BytesCount::new(bytes)).counter(ItemsCount::new(files.len())).bench(|| {
        let publications: Vec<Vec<std::path::PathBuf>> = files.iter().map(|f| vec![f.clone()]).collect();
        yusuan_audit::audit_all(&publications, &catalog, &config, jobs, &|| {}).len()
    });
}
