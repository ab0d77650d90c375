//! Media files (videos, thumbnails, spritesheets, reference images) in an object store.

use bytes::Bytes;
use object_store::local::LocalFileSystem;
use object_store::path::Path as Key;
use object_store::{GetOptions, GetRange, ObjectStore, ObjectStoreExt, PutPayload};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

/// Why a file could not be stored or read.
#[derive(Debug, thiserror::Error)]
pub enum ObjectError {
    /// The object store failed.
    #[error("object store: {0}")]
    Store(#[from] object_store::Error),
    /// A local file could not be read.
    #[error("reading {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
}

/// The media store: keys like `videos/video_…/video.mp4`.
#[derive(Debug, Clone)]
pub struct Objects {
    store: Arc<dyn ObjectStore>,
}

impl Objects {
    /// Files under a local directory (created if missing).
    pub fn local(dir: &Path) -> Result<Objects, ObjectError> {
        std::fs::create_dir_all(dir).map_err(|source| ObjectError::Read {
            path: dir.display().to_string(),
            source,
        })?;
        Ok(Objects {
            store: Arc::new(LocalFileSystem::new_with_prefix(dir)?),
        })
    }

    /// Any object store (S3, GCS, Azure, memory), for deployments at scale and tests.
    pub fn new(store: Arc<dyn ObjectStore>) -> Objects {
        Objects { store }
    }

    /// Stores bytes under a key, replacing what was there.
    pub async fn put(&self, key: &str, bytes: Bytes) -> Result<(), ObjectError> {
        self.store
            .put(&Key::from(key), PutPayload::from_bytes(bytes))
            .await?;
        Ok(())
    }

    /// Stores a local file under a key.
    pub async fn put_file(&self, key: &str, path: &Path) -> Result<(), ObjectError> {
        let bytes = tokio::fs::read(path)
            .await
            .map_err(|source| ObjectError::Read {
                path: path.display().to_string(),
                source,
            })?;
        self.put(key, Bytes::from(bytes)).await
    }

    /// The whole object.
    pub async fn get(&self, key: &str) -> Result<Bytes, ObjectError> {
        Ok(self.store.get(&Key::from(key)).await?.bytes().await?)
    }

    /// A byte range of the object.
    pub async fn get_range(&self, key: &str, range: Range<u64>) -> Result<Bytes, ObjectError> {
        let options = GetOptions {
            range: Some(GetRange::Bounded(range)),
            ..GetOptions::default()
        };
        Ok(self
            .store
            .get_opts(&Key::from(key), options)
            .await?
            .bytes()
            .await?)
    }

    /// The object (or a byte range of it) as a stream of pieces, so that serving a large
    /// file does not hold it in memory.
    pub async fn stream(
        &self,
        key: &str,
        range: Option<Range<u64>>,
    ) -> Result<futures::stream::BoxStream<'static, Result<Bytes, ObjectError>>, ObjectError> {
        use futures::StreamExt;
        let options = GetOptions {
            range: range.map(GetRange::Bounded),
            ..GetOptions::default()
        };
        let found = self.store.get_opts(&Key::from(key), options).await?;
        Ok(found.into_stream().map(|piece| Ok(piece?)).boxed())
    }

    /// The object's size in bytes, or `None` when there is no such object.
    pub async fn size(&self, key: &str) -> Result<Option<u64>, ObjectError> {
        match self.store.head(&Key::from(key)).await {
            Ok(meta) => Ok(Some(meta.size)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// The keys under a prefix last written more than `age` ago.
    pub async fn older_than(
        &self,
        prefix: &str,
        age: std::time::Duration,
    ) -> Result<Vec<String>, ObjectError> {
        use futures::TryStreamExt;
        let before = chrono::Utc::now() - age;
        Ok(self
            .store
            .list(Some(&Key::from(prefix)))
            .try_filter(|meta| futures::future::ready(meta.last_modified < before))
            .map_ok(|meta| meta.location.to_string())
            .try_collect()
            .await?)
    }

    /// Deletes one object; deleting one that is not there is no error.
    pub async fn delete(&self, key: &str) -> Result<(), ObjectError> {
        match self.store.delete(&Key::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// Deletes every object under a prefix (`videos/video_…`).
    pub async fn delete_prefix(&self, prefix: &str) -> Result<(), ObjectError> {
        use futures::TryStreamExt;
        let keys: Vec<Key> = self
            .store
            .list(Some(&Key::from(prefix)))
            .map_ok(|meta| meta.location)
            .try_collect()
            .await?;
        for key in keys {
            match self.store.delete(&key).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }
}
