//! TEMPORARY STUB until the real module lands.
pub struct Inspected {
    pub media_type: &'static str,
    pub extension: &'static str,
    pub findings: Vec<Finding>,
    pub cleaned: Option<Vec<u8>>,
}
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    NotCleanable,
}
impl Finding {
    pub fn message(&self) -> (&'static str, Vec<(&'static str, String)>) {
        ("evidence-found-not-cleanable", Vec::new())
    }
}
pub fn inspect(_bytes: &[u8]) -> Inspected {
    Inspected {
        media_type: "application/octet-stream",
        extension: "bin",
        findings: Vec::new(),
        cleaned: None,
    }
}
