//! Writing a fixed story back without ever leaving it truncated: write a
//! temporary file beside it, flush it to disk, then rename it over the
//! original (atomic on the same file system).

use std::fs;
use std::io::Write;
use std::path::Path;

pub fn atomic_write(path: &Path, contents: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.copydesk-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(contents.as_bytes())?;
        file.sync_all()?;
        if let Ok(metadata) = fs::metadata(path) {
            fs::set_permissions(&temp, metadata.permissions())?;
        }
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_contents_and_leaves_no_temp_file() {
        let dir = std::env::temp_dir().join(format!("copydesk-write-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("story.txt");
        fs::write(&path, "old old text").unwrap();
        atomic_write(&path, "new text").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new text");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
        fs::remove_dir_all(&dir).unwrap();
    }
}
