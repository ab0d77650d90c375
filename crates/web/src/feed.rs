//! The feed at `/`: one video a screen, ranked by following, recency and likes (the feed
//! issue replaces the ranking), loaded a page at a time as it scrolls.

use crate::Web;
use crate::page::{PageError, render, render_piece};
use crate::session::Visitor;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use minijinja::{Value, context};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use store::{FeedOrder, Post};

/// Videos on one page of the feed.
pub const PAGE: i64 = 8;
/// How deep a ranked feed goes (then it ends).
const DEPTH: i64 = 400;
/// How long a viewer's ranked feed is kept before it is worked out again.
pub const FRESH_FOR: Duration = Duration::from_secs(30);
/// Ranked feeds kept before the cache starts again.
const FEEDS_KEPT: usize = 10_000;

/// Whose feed: the viewer (empty when logged out) and the tag.
type FeedKey = (String, Option<String>);

/// A ranked feed's video ids and when they were ranked.
type Ranked = (Instant, Arc<Vec<String>>);

/// Ranked feeds by whose they are.
#[derive(Default)]
pub struct Feeds(Mutex<HashMap<FeedKey, Ranked>>);

impl Feeds {
    /// A viewer's ranked feed: kept, or worked out anew.
    pub async fn ranked(
        &self,
        db: &store::Database,
        viewer: Option<&str>,
        tag: Option<&str>,
    ) -> Result<Arc<Vec<String>>, store::StoreError> {
        let key = (
            viewer.unwrap_or_default().to_string(),
            tag.map(str::to_string),
        );
        if let Some((at, ids)) = self.0.lock().expect("lock").get(&key)
            && at.elapsed() < FRESH_FOR
        {
            return Ok(ids.clone());
        }
        let ids = Arc::new(db.feed_ids(viewer, FeedOrder::Ranked, tag, DEPTH).await?);
        let mut feeds = self.0.lock().expect("lock");
        if feeds.len() >= FEEDS_KEPT {
            feeds.clear();
        }
        feeds.insert(key, (Instant::now(), ids.clone()));
        Ok(ids)
    }

    /// Forgets the feeds of these members, after something of theirs that changes them
    /// (a follow, a block, a post), so that they see it at once.
    pub fn forget(&self, members: &[&str]) {
        self.0
            .lock()
            .expect("lock")
            .retain(|(viewer, _), _| !members.contains(&viewer.as_str()));
    }

    /// One page of a viewer's feed, and whether more follow.
    pub async fn page(
        &self,
        db: &store::Database,
        viewer: Option<&str>,
        tag: Option<&str>,
        page: i64,
    ) -> Result<(Vec<Post>, bool), store::StoreError> {
        let ids = self.ranked(db, viewer, tag).await?;
        let start = ((page * PAGE) as usize).min(ids.len());
        let end = (start + PAGE as usize).min(ids.len());
        let posts = db.posts(&ids[start..end], viewer).await?;
        Ok((posts, end < ids.len()))
    }
}

#[derive(Deserialize)]
pub struct FeedQuery {
    page: Option<String>,
    tag: Option<String>,
    piece: Option<String>,
}

/// A caption cut into plain text and hashtags (each a link to the videos with it).
pub fn caption_parts(caption: &str) -> Vec<Value> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut chars = caption.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let starts_tag = c == '#'
            && chars
                .peek()
                .is_some_and(|(_, n)| n.is_alphanumeric() || *n == '_')
            && (i == 0 || !caption[..i].ends_with(|p: char| p.is_alphanumeric()));
        if !starts_tag {
            text.push(c);
            continue;
        }
        let mut tag = String::new();
        while let Some((_, n)) = chars
            .peek()
            .copied()
            .filter(|(_, n)| n.is_alphanumeric() || *n == '_')
        {
            tag.push(n);
            chars.next();
        }
        if !text.is_empty() {
            parts.push(context! { text => std::mem::take(&mut text) });
        }
        parts.push(context! { text => format!("#{tag}"), tag => tag.to_lowercase() });
    }
    if !text.is_empty() {
        parts.push(context! { text });
    }
    parts
}

/// What a page shows of a post; the prompt only where the creator lets it show.
pub fn post_view(post: &Post, viewer: Option<&str>) -> Value {
    let mine = viewer == Some(post.video.user_id.as_str());
    let (w, h) = server::videos::parse_size(&post.video.size).unwrap_or((720, 1280));
    context! {
        id => &post.video.id,
        handle => &post.handle,
        display_name => &post.display_name,
        has_avatar => post.has_avatar,
        caption => &post.caption,
        caption_parts => caption_parts(&post.caption),
        prompt => (!post.hide_prompt || mine).then_some(&post.video.prompt),
        hide_prompt => post.hide_prompt,
        likes => post.likes,
        comments => post.comments,
        liked => post.liked,
        remix_of => &post.remix_of,
        seconds => &post.video.seconds,
        width => w, height => h, portrait => h > w,
        posted_at => post.posted_at,
        mine,
    }
}

/// A tag as given in a link, if it can be one.
fn tag_of(tag: Option<&str>) -> Option<String> {
    let tag = tag?.trim().trim_start_matches('#').to_lowercase();
    let ok =
        !tag.is_empty() && tag.len() <= 50 && tag.chars().all(|c| c.is_alphanumeric() || c == '_');
    ok.then_some(tag)
}

/// GET /: the feed; `?piece=1` gives only the next page's slides, for the page to add
/// as it scrolls.
pub async fn home(
    State(web): State<Arc<Web>>,
    visitor: Visitor,
    Query(q): Query<FeedQuery>,
) -> Result<Response, PageError> {
    let page: i64 = q
        .page
        .as_deref()
        .and_then(|p| p.parse().ok())
        .filter(|p| (0..=1000).contains(p))
        .unwrap_or(0);
    let tag = tag_of(q.tag.as_deref());
    let viewer = visitor.user_id();
    let (posts, more) = web
        .feeds
        .page(web.db(), viewer, tag.as_deref(), page)
        .await?;
    let slides: Vec<Value> = posts.iter().map(|p| post_view(p, viewer)).collect();
    let next = more.then(|| match &tag {
        Some(tag) => format!("/?page={}&tag={tag}&piece=1", page + 1),
        None => format!("/?page={}&piece=1", page + 1),
    });
    let values = context! { slides, next, csrf => &visitor.csrf, me => visitor.account.as_ref().map(|a| &a.user.name) };
    if q.piece.is_some() {
        return Ok(Html(render_piece("slides.html", values)?).into_response());
    }
    render(
        "feed.html",
        &visitor,
        context! { title => tag.as_ref().map_or("Diorama".to_string(), |t| format!("#{t}")), tag, ..values },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashtags_are_cut_out_of_captions_as_links() {
        let parts = caption_parts("Rain #Storm at dusk, again#not #2026_best!");
        let tags: Vec<String> = parts
            .iter()
            .filter_map(|p| {
                p.get_attr("tag")
                    .ok()
                    .and_then(|t| t.as_str().map(String::from))
            })
            .collect();
        assert_eq!(tags, vec!["storm", "2026_best"]);
        let text: String = parts
            .iter()
            .map(|p| p.get_attr("text").unwrap().as_str().unwrap().to_string())
            .collect();
        assert_eq!(text, "Rain #Storm at dusk, again#not #2026_best!");
        assert_eq!(tag_of(Some("#Dogs")), Some("dogs".into()));
        assert_eq!(tag_of(Some("x' OR 1=1")), None);
    }
}
