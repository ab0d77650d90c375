//! The same store behaviour on SQLite (the embedded default) and on PostgreSQL (at scale):
//! keys, videos and paging, the job queue's claims and leases, completing once, retries,
//! webhooks and expiry. scripts/test.sh starts a throwaway PostgreSQL and sets
//! DIORAMA_TEST_POSTGRES to its URL.

use sqlx::{Connection, Executor};
use std::time::Duration;
use store::{Database, JobKind, NewVideo, Order, Status, User};

fn new_video(user: &User, prompt: &str) -> NewVideo {
    NewVideo {
        user_id: user.id.clone(),
        prompt: prompt.into(),
        model: "diorama-1".into(),
        size: "720x1280".into(),
        seconds: "4".into(),
        kind: JobKind::Create,
        parent_id: None,
        reference_key: None,
        seed: 7,
        scene: Some("{}".into()),
        warnings: vec!["giraffe".into()],
    }
}

/// A fresh, empty PostgreSQL database for this run.
async fn postgres() -> String {
    let server = std::env::var("DIORAMA_TEST_POSTGRES").expect(
        "DIORAMA_TEST_POSTGRES is not set: run scripts/test.sh, which starts a PostgreSQL for this test",
    );
    let name = format!("diorama_test_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(&server).await.unwrap();
    admin
        .execute(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name}"
        )))
        .await
        .unwrap();
    admin
        .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .await
        .unwrap();
    let (base, _) = server.rsplit_once('/').unwrap();
    format!("{base}/{name}")
}

fn sqlite() -> String {
    let path = std::env::temp_dir().join(format!("diorama-store-{}.db", std::process::id()));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    format!("sqlite://{}", path.display())
}

async fn exercise(url: &str) {
    let db = Database::open(url).await.unwrap();
    // Users and keys.
    let alice = db.ensure_user("alice").await.unwrap();
    assert_eq!(db.ensure_user("alice").await.unwrap(), alice);
    let bob = db.ensure_user("bob").await.unwrap();
    let key = db.create_key(&alice).await.unwrap();
    assert_eq!(db.user_for_key(&key).await.unwrap(), Some(alice.clone()));
    assert_eq!(db.user_for_key("sk-diorama-nope").await.unwrap(), None);

    // Videos, owned and paged.
    let mut ids = Vec::new();
    for n in 0..3 {
        let v = db
            .insert_video(&new_video(&alice, &format!("take {n}")))
            .await
            .unwrap();
        assert_eq!(
            (v.status, v.warnings.clone()),
            (Status::Queued, vec!["giraffe".to_string()])
        );
        ids.push(v.id);
    }
    assert!(db.video_of(&bob, &ids[0]).await.unwrap().is_none());
    let (page, more) = db.list_videos(&alice, None, 2, Order::Asc).await.unwrap();
    assert_eq!(
        (page.iter().map(|v| &v.id).collect::<Vec<_>>(), more),
        (vec![&ids[0], &ids[1]], true)
    );
    let (page, more) = db
        .list_videos(&alice, Some(&ids[1]), 2, Order::Asc)
        .await
        .unwrap();
    assert_eq!(
        (page.len(), page[0].id.clone(), more),
        (1, ids[2].clone(), false)
    );
    let (page, _) = db.list_videos(&alice, None, 10, Order::Desc).await.unwrap();
    assert_eq!(page[0].id, ids[2]);
    assert_eq!(
        db.active_jobs(&alice, 2).await.unwrap(),
        2,
        "counted up to the limit"
    );
    assert_eq!(db.active_jobs(&bob, 10).await.unwrap(), 0);

    // Two workers claim at once: each gets a different job, oldest first.
    let (a, b) = tokio::join!(db.claim_job(60_000), db.claim_job(60_000));
    let (a, b) = (a.unwrap().unwrap(), b.unwrap().unwrap());
    assert_ne!(a.video_id, b.video_id);
    let claimed_b = b.video_id.clone();
    let mut claimed = vec![a.video_id.clone(), b.video_id.clone()];
    claimed.sort();
    let mut first_two = ids[..2].to_vec();
    first_two.sort();
    assert_eq!(claimed, first_two);
    assert_eq!(
        db.video(&a.video_id).await.unwrap().unwrap().status,
        Status::InProgress
    );

    // A job released by a stopping worker is queued again, its attempt not counted.
    assert!(db.heartbeat(&b, 30, 60_000).await.unwrap());
    assert!(db.release(&b).await.unwrap());
    assert!(!db.release(&b).await.unwrap(), "released once");
    let queued = db.video(&b.video_id).await.unwrap().unwrap();
    assert_eq!((queued.status, queued.progress), (Status::Queued, 0));
    assert!(
        !db.heartbeat(&b, 50, 60_000).await.unwrap(),
        "the claim is gone"
    );
    let b = db.claim_job(60_000).await.unwrap().unwrap();
    assert_eq!((b.video_id.as_str(), b.attempt), (claimed_b.as_str(), 1));

    // Completing happens once.
    assert!(db.heartbeat(&a, 40, 60_000).await.unwrap());
    assert_eq!(db.video(&a.video_id).await.unwrap().unwrap().progress, 40);
    assert!(db.complete(&a, "4", "abc123", 3600).await.unwrap());
    assert!(!db.complete(&a, "4", "abc123", 3600).await.unwrap());
    assert!(!db.fail(&a, "x", "y").await.unwrap());
    let done = db.video(&a.video_id).await.unwrap().unwrap();
    assert_eq!((done.status, done.progress), (Status::Completed, 100));
    assert_eq!(
        db.video_by_hash(&alice, "abc123")
            .await
            .unwrap()
            .unwrap()
            .id,
        a.video_id
    );
    assert!(db.video_by_hash(&bob, "abc123").await.unwrap().is_none());

    // A worker that stops renewing loses its job to another; its late result is refused.
    let c = db.claim_job(1).await.unwrap().unwrap();
    assert_eq!(c.video_id, ids[2]);
    tokio::time::sleep(Duration::from_millis(20)).await;
    let mut takeover = None;
    for _ in 0..2 {
        // b's lease is long; only c's has lapsed.
        let next = db.claim_job(1).await.unwrap().unwrap();
        assert_eq!(next.video_id, ids[2]);
        assert!(
            !db.heartbeat(&c, 50, 1).await.unwrap(),
            "the old claim is stale"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
        takeover = Some(next);
    }
    let last = takeover.unwrap();
    assert_eq!(last.attempt, 3);
    assert!(!db.complete(&c, "4", "x", 3600).await.unwrap());
    // Three attempts without finishing: the next claim fails the job instead.
    assert!(db.claim_job(1).await.unwrap().is_none());
    let failed = db.video(&ids[2]).await.unwrap().unwrap();
    assert_eq!(failed.status, Status::Failed);
    assert_eq!(failed.error.unwrap().0, "generation_interrupted");

    // Failing b, deleting it.
    assert!(db.fail(&b, "invalid_prompt", "no").await.unwrap());
    assert_eq!(db.delete_video(&bob, &b.video_id).await.unwrap(), None);
    assert!(
        db.delete_video(&alice, &b.video_id)
            .await
            .unwrap()
            .is_some()
    );
    assert!(db.video(&b.video_id).await.unwrap().is_none());
    let depth = db.queue_depth().await.unwrap();
    assert_eq!((depth.queued, depth.running), (0, 0));

    // Webhooks: queued per endpoint, retried, delivered.
    let hook = db
        .add_webhook(&alice, "http://127.0.0.1:9/hook", "whsec_a2V5")
        .await
        .unwrap();
    db.enqueue_event(&alice.id, "{\"type\":\"video.completed\"}")
        .await
        .unwrap();
    db.enqueue_event(&bob.id, "{}").await.unwrap();
    let due = db.due_deliveries(10).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].webhook, hook);
    db.delivery_attempted(&due[0].id, Some("HTTP 500"), Some(store::now_ms() + 60_000))
        .await
        .unwrap();
    assert!(
        db.due_deliveries(10).await.unwrap().is_empty(),
        "not due until the backoff"
    );
    db.delivery_attempted(&due[0].id, None, None).await.unwrap();
    assert_eq!(
        db.deliveries().await.unwrap(),
        vec![(due[0].id.clone(), "delivered".into(), 2)]
    );

    // Expiry.
    let keep = db
        .insert_video(&new_video(&alice, "short-lived"))
        .await
        .unwrap();
    let claim = db.claim_job(60_000).await.unwrap().unwrap();
    assert_eq!(claim.video_id, keep.id);
    assert!(db.complete(&claim, "4", "def", -10).await.unwrap());
    let expired = db.expired(10).await.unwrap();
    assert_eq!(
        expired.iter().map(|v| &v.id).collect::<Vec<_>>(),
        vec![&keep.id]
    );
    db.mark_purged(&keep.id).await.unwrap();
    assert!(db.expired(10).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_store_behaves_the_same_on_sqlite() {
    exercise(&sqlite()).await;
}

#[tokio::test]
async fn the_store_behaves_the_same_on_postgresql() {
    exercise(&postgres().await).await;
}
