//! The same store behaviour on SQLite (the embedded default) and on PostgreSQL (at scale):
//! keys, videos and paging, the job queue's claims and leases, completing once, retries,
//! webhooks and expiry. scripts/test.sh starts a throwaway PostgreSQL and sets
//! DIORAMA_TEST_POSTGRES to its URL.

use sqlx::{Connection, Executor};
use std::time::Duration;
use store::{
    Database, FeedOrder, JobKind, NewAccount, NewVideo, NotificationKind, Order, SignUpError,
    Status, Tier, User,
};

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

/// A fresh, empty PostgreSQL database for this run and test.
async fn postgres(test: &str) -> String {
    let server = std::env::var("DIORAMA_TEST_POSTGRES").expect(
        "DIORAMA_TEST_POSTGRES is not set: run scripts/test.sh, which starts a PostgreSQL for this test",
    );
    let name = format!("diorama_test_{test}_{}", std::process::id());
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
    let credits =
        serde_json::json!([{"title": "Bulldog", "creator": "Priide", "licence": "CC-BY-3.0"}]);
    assert!(
        db.complete(&a, ("4", "abc123"), &credits, 3600)
            .await
            .unwrap()
    );
    assert!(
        !db.complete(&a, ("4", "abc123"), &serde_json::json!([]), 3600)
            .await
            .unwrap()
    );
    assert!(!db.fail(&a, "x", "y").await.unwrap());
    let done = db.video(&a.video_id).await.unwrap().unwrap();
    assert_eq!((done.status, done.progress), (Status::Completed, 100));
    assert_eq!(done.credits, credits, "the credits are kept with the video");
    assert_eq!(
        db.video(&b.video_id).await.unwrap().unwrap().credits,
        serde_json::json!([]),
        "an unfinished video owes no credit yet"
    );
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
    assert!(
        !db.complete(&c, ("4", "x"), &serde_json::json!([]), 3600)
            .await
            .unwrap()
    );
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
    assert!(
        db.complete(&claim, ("4", "def"), &serde_json::json!([]), -10)
            .await
            .unwrap()
    );
    let expired = db.expired(10).await.unwrap();
    assert_eq!(
        expired.iter().map(|v| &v.id).collect::<Vec<_>>(),
        vec![&keep.id]
    );
    db.mark_purged(&keep.id).await.unwrap();
    assert!(db.expired(10).await.unwrap().is_empty());
}

/// A completed video of a user's, as a worker leaves it.
async fn made(db: &Database, user: &User, prompt: &str) -> String {
    let v = db.insert_video(&new_video(user, prompt)).await.unwrap();
    let claim = db.claim_job(60_000).await.unwrap().unwrap();
    assert_eq!(claim.video_id, v.id);
    assert!(
        db.complete(&claim, ("4", prompt), &serde_json::json!([]), 3600)
            .await
            .unwrap()
    );
    v.id
}

/// A viewer's feed, whole.
async fn feed(
    db: &Database,
    viewer: Option<&str>,
    order: FeedOrder,
    tag: Option<&str>,
) -> Vec<store::Post> {
    let ids = db.feed_ids(viewer, order, tag, 10).await.unwrap();
    db.posts(&ids, viewer).await.unwrap()
}

fn account<'a>(invite: &'a str, handle: &'a str) -> NewAccount<'a> {
    NewAccount {
        invite,
        handle,
        display_name: handle,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
        age: 30,
    }
}

/// The app's records: invites, accounts, sessions, posts and the feed, likes, comments,
/// follows, blocks, notifications, collaborators and deleting an account.
async fn exercise_social(url: &str) {
    let db = Database::open(url).await.unwrap();
    let codes = db.create_invites(None, 2).await.unwrap();
    assert!(matches!(
        db.sign_up(&account("nope-nope-nope", "ann")).await,
        Err(SignUpError::Invite)
    ));
    let ann = db.sign_up(&account(&codes[0], "ann")).await.unwrap();
    assert!(
        matches!(
            db.sign_up(&account(&codes[0], "ben")).await,
            Err(SignUpError::Invite)
        ),
        "an invite works once"
    );
    assert!(matches!(
        db.sign_up(&account(&codes[1], "ANN")).await,
        Err(SignUpError::HandleTaken)
    ));
    let mine = db.invites_of(&ann.user.id).await.unwrap();
    assert_eq!(mine.len(), store::INVITES_PER_MEMBER);
    let ben = db.sign_up(&account(&mine[0].code, "ben")).await.unwrap();
    assert_eq!(
        db.invites_of(&ann.user.id).await.unwrap()[0]
            .used_by
            .as_deref(),
        Some("ben")
    );
    assert!(db.set_tier("BEN", Tier::Pro).await.unwrap());
    assert!(!db.set_tier("nobody", Tier::Pro).await.unwrap());
    assert_eq!(
        db.account(&ben.user.id).await.unwrap().unwrap().tier,
        Tier::Pro
    );

    // Sessions: found by token, gone when ended or expired.
    let (token, csrf) = db.create_session(&ann.user.id, 3600).await.unwrap();
    let (found, found_csrf) = db.session(&token).await.unwrap().unwrap();
    assert_eq!((found.user.name.as_str(), found_csrf), ("ann", csrf));
    db.end_session(&token).await.unwrap();
    assert!(db.session(&token).await.unwrap().is_none());
    let (old, _) = db.create_session(&ann.user.id, -1).await.unwrap();
    assert!(db.session(&old).await.unwrap().is_none(), "expired");

    // Posting: only a completed video of one's own; it is then kept.
    let v1 = made(&db, &ann.user, "ann one").await;
    assert!(
        !db.post_video(&v1, &ben.user.id, "not mine", false)
            .await
            .unwrap()
    );
    assert!(
        db.post_video(&v1, &ann.user.id, "Hello #First", true)
            .await
            .unwrap()
    );
    assert!(
        !db.post_video(&v1, &ann.user.id, "again", false)
            .await
            .unwrap()
    );
    assert_eq!(db.video(&v1).await.unwrap().unwrap().expires_at, None);
    let v2 = made(&db, &ben.user, "ben one").await;
    assert!(
        db.post_video(&v2, &ben.user.id, "Ben's", false)
            .await
            .unwrap()
    );
    assert_eq!(db.drafts(&ann.user.id, 10).await.unwrap().len(), 0);

    // Likes and comments count; the creator is told.
    assert_eq!(db.like(&ben.user.id, &v1, true).await.unwrap(), 1);
    assert_eq!(db.like(&ben.user.id, &v1, true).await.unwrap(), 1, "once");
    let c = db
        .add_comment(&ben.user.id, &v1, None, "nice")
        .await
        .unwrap()
        .unwrap();
    let r = db
        .add_comment(&ann.user.id, &v1, Some(&c), "thanks")
        .await
        .unwrap()
        .unwrap();
    let reply = db
        .add_comment(&ben.user.id, &v1, Some(&r), "welcome")
        .await
        .unwrap()
        .unwrap();
    let comments = db.comments(&v1, None).await.unwrap();
    assert_eq!(comments.len(), 3);
    assert!(
        comments
            .iter()
            .filter(|x| x.id != c)
            .all(|x| x.parent_id.as_deref() == Some(c.as_str())),
        "replies join the thread"
    );
    assert!(
        !db.delete_comment(&ben.user.id, &r).await.unwrap(),
        "not his"
    );
    assert!(
        db.delete_comment(&ann.user.id, &reply).await.unwrap(),
        "the creator may"
    );
    let post = db.post(&v1, Some(&ben.user.id)).await.unwrap().unwrap();
    assert_eq!(
        (post.likes, post.comments, post.liked, post.hide_prompt),
        (1, 2, true, true)
    );

    // The feed: following lifts a video; a tag filters.
    db.follow(&ann.user.id, &ben.user.id, true).await.unwrap();
    let ranked = feed(&db, Some(&ann.user.id), FeedOrder::Ranked, None).await;
    assert_eq!(
        ranked
            .iter()
            .map(|p| p.video.id.as_str())
            .collect::<Vec<_>>(),
        vec![v2.as_str(), v1.as_str()]
    );
    let tagged = feed(&db, None, FeedOrder::Recent, Some("first")).await;
    assert_eq!(tagged.len(), 1);
    assert_eq!(tagged[0].video.id, v1);
    let kinds: Vec<_> = db
        .notifications(&ann.user.id, 10)
        .await
        .unwrap()
        .iter()
        .map(|n| n.kind)
        .collect();
    assert!(kinds.contains(&NotificationKind::Like) && kinds.contains(&NotificationKind::Comment));
    assert_eq!(
        db.notifications(&ben.user.id, 10).await.unwrap()[0].kind,
        NotificationKind::Follow
    );
    assert!(db.unread_notifications(&ann.user.id).await.unwrap() >= 2);
    db.mark_notifications_seen(&ann.user.id).await.unwrap();
    assert_eq!(db.unread_notifications(&ann.user.id).await.unwrap(), 0);

    // A remix, posted, tells the original's creator and is listed under it.
    let mut remix = new_video(&ann.user, "ann remixes");
    remix.kind = JobKind::Remix;
    remix.parent_id = Some(v2.clone());
    let remix = db.insert_video(&remix).await.unwrap();
    let claim = db.claim_job(60_000).await.unwrap().unwrap();
    assert!(
        db.complete(&claim, ("4", "remix"), &serde_json::json!([]), 3600)
            .await
            .unwrap()
    );
    assert!(
        db.post_video(&remix.id, &ann.user.id, "", false)
            .await
            .unwrap()
    );
    assert_eq!(
        db.remixes_of(&v2, None).await.unwrap()[0]
            .remix_of
            .as_deref(),
        Some("ben")
    );
    assert_eq!(
        db.notifications(&ben.user.id, 1).await.unwrap()[0].kind,
        NotificationKind::Remix
    );

    // Collaborators see a draft in their drafts and may post it.
    let draft = made(&db, &ann.user, "ann draft").await;
    db.add_collaborator(&draft, &ann.user.id, &ben.user.id)
        .await
        .unwrap();
    assert_eq!(db.drafts(&ben.user.id, 10).await.unwrap()[0].id, draft);
    assert_eq!(db.collaborators(&draft).await.unwrap()[0].handle, "ben");

    // A block hides each from the other and ends follows.
    db.block(&ben.user.id, &ann.user.id, true).await.unwrap();
    assert!(db.post(&v2, Some(&ann.user.id)).await.unwrap().is_none());
    assert!(db.post(&v1, Some(&ben.user.id)).await.unwrap().is_none());
    assert!(
        db.profile("ben", Some(&ann.user.id))
            .await
            .unwrap()
            .is_none()
    );
    assert!(db.profile("ben", None).await.unwrap().is_some());
    assert!(!db.follows(&ann.user.id, &ben.user.id).await.unwrap());
    assert!(
        db.comments(&v1, Some(&ben.user.id))
            .await
            .unwrap()
            .iter()
            .all(|c| c.handle == "ben")
    );
    db.block(&ben.user.id, &ann.user.id, false).await.unwrap();
    assert!(db.post(&v2, Some(&ann.user.id)).await.unwrap().is_some());

    // Keys: listed without the key, revoked by id.
    let key = db.create_key(&ann.user).await.unwrap();
    let keys = db.keys_of(&ann.user.id).await.unwrap();
    assert_eq!(keys.len(), 1);
    assert!(key.starts_with(&keys[0].prefix));
    assert!(
        !db.revoke_key(&ben.user.id, &keys[0].id).await.unwrap(),
        "not his"
    );
    assert!(db.revoke_key(&ann.user.id, &keys[0].id).await.unwrap());
    assert!(db.user_for_key(&key).await.unwrap().is_none());
    // Today's use counts what was asked for, deleted videos included.
    let spare = made(&db, &ann.user, "spare").await;
    assert_eq!(db.videos_today(&ann.user.id).await.unwrap(), 4);
    assert!(db.delete_video(&ann.user, &spare).await.unwrap().is_some());
    assert_eq!(db.videos_today(&ann.user.id).await.unwrap(), 4);

    // Deleting an account takes everything of it, and its marks on others' posts.
    let gone = db.delete_account(&ben.user.id).await.unwrap();
    assert_eq!(gone.len(), 1);
    assert!(db.video(&v2).await.unwrap().is_none());
    assert!(db.account_for_login("ben").await.unwrap().is_none());
    let post = db.post(&v1, None).await.unwrap().unwrap();
    assert_eq!(
        (post.likes, post.comments),
        (0, 0),
        "his like and thread are gone"
    );
    assert!(
        db.drafts(&ann.user.id, 10)
            .await
            .unwrap()
            .iter()
            .any(|v| v.id == draft)
    );
}

#[tokio::test]
async fn the_store_behaves_the_same_on_sqlite() {
    exercise(&sqlite()).await;
}

#[tokio::test]
async fn the_store_behaves_the_same_on_postgresql() {
    exercise(&postgres("store").await).await;
}

#[tokio::test]
async fn the_apps_records_behave_the_same_on_sqlite() {
    let url = sqlite();
    let url = url.replace(".db", "-social.db");
    exercise_social(&url).await;
}

#[tokio::test]
async fn the_apps_records_behave_the_same_on_postgresql() {
    exercise_social(&postgres("social").await).await;
}
