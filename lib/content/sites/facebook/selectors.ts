// Selectors and labels of www.facebook.com (the Facebook adapter's vocabulary; see index.ts for the adapter).
//
// What Facebook's web app (Comet) gives us, as of 2025:
// - posts and comments are `div[role="article"]`; comments carry aria-label "Comment by NAME 3 hours ago", replies
//   "Reply by NAME to OTHER's comment …" (localized, so we never rely on those words for ids);
// - class names are atomic and obfuscated (x1n2onr6 …) and change with every deploy: we use none of them;
// - ids come from permalinks: the post's timestamp link (/<page>/posts/<pfbid…>, /groups/<g>/posts/<n>,
//   /permalink.php?story_fbid=…&id=…) and the comment's timestamp link, which is the post permalink plus
//   ?comment_id=<n> (&reply_comment_id=<n> for replies), plus tracking params (__cft__[0], __tn__);
// - there is no <time> element: the timestamp link shows "3h", "2d", "Yesterday at 10:02 AM", "March 3 at 4:15 PM";
//   the exact time only appears in a hover tooltip (role="tooltip", referenced by aria-describedby);
// - text bodies are `div[dir="auto"][style="text-align: start;"]`; emoji are <img alt="😀">;
// - the comment composer is a Lexical editor: div[role="textbox"][contenteditable="true"][data-lexical-editor="true"]
//   with aria-label "Write a comment…" or, when acting as a Page, "Comment as <Page>"; replies "Reply as <Page>" /
//   "Write a reply…"; Enter submits, and newer layouts also show a "Comment" submit button.

export const ARTICLE = 'div[role="article"]';
export const LINK = 'a[href]';
/** The post body of feed and permalink stories. */
export const POST_MESSAGE = '[data-ad-comet-preview="message"], [data-ad-preview="message"]';
/** The post header's author name (newer markup marks it; older has h2/h3/h4 > … > a). */
export const POST_AUTHOR_LINKS =
  '[data-ad-rendering-role="profile_name"] a[href], h2 a[href], h3 a[href], h4 a[href], strong a[href], a[href] strong';
/** Text blocks of comments (and of posts, when the message marker is missing). */
export const TEXT_BLOCK = 'div[dir="auto"][style*="text-align"]';
/** Any Lexical editor root on the page. */
export const LEXICAL_TEXTBOX = 'div[role="textbox"][contenteditable="true"][data-lexical-editor="true"]';
export const SUBMIT_BUTTONS =
  '[role="button"][aria-label="Comment"], [role="button"][aria-label="Post"], [role="button"][aria-label="Reply"], button[type="submit"]';
export const ACCOUNT_BUTTON = '[aria-label="Your profile"], [aria-label="Account"], [aria-label="Account controls and settings"]';
export const FEED = '[role="feed"]';
export const TOOLTIP = '[role="tooltip"]';

/** Labels of the post/comment composers, in the locales we know. */
export const COMMENT_COMPOSER_LABEL = /^(write a comment|comment as |write a public comment|add a comment)/i;
export const REPLY_COMPOSER_LABEL = /^(write a reply|reply as |reply to )/i;
/** A comment's own Reply action, in the locales we know. */
export const REPLY_ACTION_LABEL = /^(reply|répondre|antworten|responder|rispondi|responder|odpowiedz|antwoorden)$/i;
export const ACTING_AS_LABEL = /^(?:comment|reply|answer|post|write a comment|write a reply) as (.+?)[.…]*$/i;
export const SPONSORED = /^(sponsored|paid partnership)$/i;
