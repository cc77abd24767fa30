//! The flows beyond a conversation, against the server's process, the crate on both
//! sides: an operator's membership, assignment and transfer with the inbox, threads and
//! the channel's and operator's streams following (and the client seeing none of it);
//! the poll a rating in `support` carries; the personal-data request `sales` sends; and
//! the rest of the public API for a signed-in client.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use iqchannels_proto::api::chats::{
    Assign, ChatMemberQuery, ChatMessageForm, ChatQuery, CloseChat, Invite, JoinChat, LeaveChat,
    OpenChat, QueryByChannel, QueryMembers, SendMessage, Transfer,
};
use iqchannels_proto::api::clients::{Auth, IntegrationAuth};
use iqchannels_proto::api::inboxes::{ChatInboxThreadQuery, GetInbox, QueryThreads};
use iqchannels_proto::api::public::chats::{
    ChannelMessages, ChannelSend, ExistingTickets, MessageQuery, OpenSystemChat,
};
use iqchannels_proto::api::public::clients::{IntegrationAuthInProject, IntegrationRefresh};
use iqchannels_proto::api::public::messages::{
    AcceptProduct, CheckMessage, DeleteTransferToChannel,
};
use iqchannels_proto::api::public::ratings::{FinishPoll, PollAnswer, QueryPoll, SendPoll};
use iqchannels_proto::api::public::settings::{
    FilledField, FilledForm, GetGreetings, GetPersonalDataForm, IgnoreInfoRequest, InfoRequestLink,
    RespondInfoRequest,
};
use iqchannels_proto::stream::{stream_path, Frame, Listen, StreamDecoder, Transport};
use iqchannels_proto::{
    ChannelId, ChatEventType, ChatId, ChatMessage, ChatType, ClientId, Credentials, ErrorCode,
    InfoRequestState, Method, Outcome, PersonalDataRequestType, PollQuestionType, ProductId,
    RatingPollAnswerId, RatingPollId, RatingPollQuestionId, RatingState, RawJson, Secret, UserId,
};
use support::{call, http, ok, signup, Reader, Server, OPERATOR_TOKEN};

fn operator() -> Credentials {
    Credentials::service_account(OPERATOR_TOKEN).unwrap()
}

/// The error code `request` is answered with (panics on success).
async fn refused<M: Method>(
    http: &reqwest::Client,
    base: &str,
    request: &M,
    credentials: Option<&Credentials>,
) -> ErrorCode {
    match call(http, base, request, credentials)
        .await
        .unwrap()
        .into_outcome()
    {
        Outcome::Error(error) => error.code,
        _ => panic!("{} was not refused", M::METADATA.path),
    }
}

/// The kinds of the events an operator's stream of `listen` carries, collected in the
/// background.
fn operator_stream(
    http: &reqwest::Client,
    base: &str,
    listen: Listen,
) -> Arc<Mutex<Vec<ChatEventType>>> {
    let kinds = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&kinds);
    let request = http
        .get(format!(
            "{base}{}",
            stream_path(Transport::ServerSentEvents, listen, None)
        ))
        .header(operator().header_name(), operator().header_value());
    tokio::spawn(async move {
        let mut response = request.send().await.unwrap();
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        let mut decoder = StreamDecoder::new();
        while let Ok(Some(chunk)) = response.chunk().await {
            decoder.push(&chunk);
            while let Some(frame) = decoder.next_frame() {
                if let Ok(Frame::Events { events, .. }) = frame {
                    let stored = events.into_iter().filter(|event| !event.transitive);
                    seen.lock().unwrap().extend(stored.map(|event| event.kind));
                }
            }
        }
    });
    kinds
}

/// Waits until `kinds` holds `kind`, or panics after ten seconds.
async fn wait_for_kind(kinds: &Mutex<Vec<ChatEventType>>, kind: ChatEventType, what: &str) {
    for _ in 0..500 {
        if kinds.lock().unwrap().contains(&kind) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{what}: no {kind} in {:?}", kinds.lock().unwrap());
}

const OPERATOR_ID: UserId = UserId::new(1);
const SECOND_OPERATOR_ID: UserId = UserId::new(2);

/// Membership, assignment and transfer: each answer, the members and the inbox after it,
/// the channel's and the operator's streams, and a client that sees none of it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operator_assigns_invites_transfers_and_leaves_and_the_inbox_follows() {
    let server = Server::memory();
    let http = http();
    let base = server.base.clone();
    let operator = operator();
    let channel_stream = operator_stream(&http, &base, Listen::Channel(ChannelId::new(1)));
    let (_, client) = signup(&http, &base, "support").await;
    let client_stream = Reader::start(
        http.clone(),
        Arc::new(Mutex::new(base.clone())),
        "support",
        client.clone(),
        None,
    );
    let send = ChannelSend::builder("support", 1).text("Hello").build();
    ok(&http, &base, &send, Some(&client)).await;
    let chats = QueryByChannel::new(ChannelId::new(1), ChatQuery::default());
    let (chats, _) = ok(&http, &base, &chats, Some(&operator)).await;
    let chat = chats[0].id;

    // Assigned to the caller: a present, assigned member.
    let (assigned, graph) = ok(
        &http,
        &base,
        &Assign::new(chat, OPERATOR_ID),
        Some(&operator),
    )
    .await;
    assert_eq!(assigned.assignee_id, Some(OPERATOR_ID));
    assert!(graph.users.iter().any(|user| user.id == OPERATOR_ID));
    let user_stream = operator_stream(&http, &base, Listen::User(OPERATOR_ID));
    let members = QueryMembers::new(chat, ChatMemberQuery::default());
    let (list, _) = ok(&http, &base, &members, Some(&operator)).await;
    assert_eq!(list.len(), 1);
    assert!(list[0].me && list[0].assigned && list[0].present);

    // The second operator invited, then the chat transferred to them.
    let (invited, _) = ok(
        &http,
        &base,
        &Invite::new(chat, SECOND_OPERATOR_ID),
        Some(&operator),
    )
    .await;
    assert!(invited.present && !invited.me && !invited.assigned);
    let (moved, _) = ok(
        &http,
        &base,
        &Transfer::new(chat, SECOND_OPERATOR_ID),
        Some(&operator),
    )
    .await;
    assert_eq!(moved.assignee_id, Some(SECOND_OPERATOR_ID));
    let again = Transfer::new(chat, SECOND_OPERATOR_ID);
    assert_eq!(
        refused(&http, &base, &again, Some(&operator)).await,
        ErrorCode::Invalid
    );
    let nobody = Assign::new(chat, UserId::new(99));
    assert_eq!(
        refused(&http, &base, &nobody, Some(&operator)).await,
        ErrorCode::NotFound
    );
    let (list, _) = ok(&http, &base, &members, Some(&operator)).await;
    let assigned: Vec<_> = list
        .iter()
        .map(|member| (member.user_id, member.assigned))
        .collect();
    assert_eq!(assigned, [(OPERATOR_ID, false), (SECOND_OPERATOR_ID, true)]);

    // The caller leaves (twice is not found), and joins again.
    ok(&http, &base, &LeaveChat::new(chat), Some(&operator)).await;
    let twice = LeaveChat::new(chat);
    assert_eq!(
        refused(&http, &base, &twice, Some(&operator)).await,
        ErrorCode::NotFound
    );
    let (joined, _) = ok(&http, &base, &JoinChat::new(chat), Some(&operator)).await;
    assert!(joined.me && joined.present);

    // The inbox and its threads: one chat, open, assigned to the other operator.
    let (inbox, _) = ok(&http, &base, &GetInbox::new(OPERATOR_ID), Some(&operator)).await;
    assert_eq!(
        (
            inbox.total_threads,
            inbox.total_open_threads,
            inbox.total_assigned_threads
        ),
        (1, 1, 0)
    );
    let (second, _) = ok(
        &http,
        &base,
        &GetInbox::new(SECOND_OPERATOR_ID),
        Some(&operator),
    )
    .await;
    assert_eq!(second.total_assigned_threads, 1);
    let threads = QueryThreads::new(OPERATOR_ID, ChatInboxThreadQuery::default());
    let (threads, graph) = ok(&http, &base, &threads, Some(&operator)).await;
    assert_eq!(threads.len(), 1);
    assert_eq!(threads[0].chat_id, chat);
    assert!(graph.chats.iter().any(|found| found.id == chat));
    let mut closed_only = ChatInboxThreadQuery::default();
    closed_only.open = Some(false);
    let closed = QueryThreads::new(OPERATOR_ID, closed_only);
    assert!(ok(&http, &base, &closed, Some(&operator))
        .await
        .0
        .is_empty());
    let unknown = GetInbox::new(UserId::new(99));
    assert_eq!(
        refused(&http, &base, &unknown, Some(&operator)).await,
        ErrorCode::NotFound
    );

    // Closed and opened again.
    let (closed, _) = ok(&http, &base, &CloseChat::new(chat), Some(&operator)).await;
    assert!(!closed.open);
    let (opened, _) = ok(&http, &base, &OpenChat::new(chat), Some(&operator)).await;
    assert!(opened.open);

    // The streams: the channel's has every event in order; the operator's follows the
    // chats the operator is a member of; another operator's is not the caller's.
    wait_for_kind(
        &channel_stream,
        ChatEventType::ChatOpened,
        "the channel's stream",
    )
    .await;
    let membership: Vec<ChatEventType> = channel_stream
        .lock()
        .unwrap()
        .iter()
        .filter(|kind| {
            !matches!(
                kind,
                ChatEventType::MessageCreated | ChatEventType::ChatCreated
            )
        })
        .cloned()
        .collect();
    assert_eq!(
        membership,
        [
            ChatEventType::MemberCreated,
            ChatEventType::ChatAssigned,
            ChatEventType::MemberCreated,
            ChatEventType::ChatUnassigned,
            ChatEventType::ChatAssigned,
            ChatEventType::MemberRemoved,
            ChatEventType::MemberAdded,
            ChatEventType::ChatClosed,
            ChatEventType::ChatOpened,
        ]
    );
    wait_for_kind(
        &user_stream,
        ChatEventType::ChatOpened,
        "the operator's stream",
    )
    .await;
    assert!(user_stream
        .lock()
        .unwrap()
        .contains(&ChatEventType::ChatUnassigned));
    let theirs = iqchannels_proto::api::chats::ListenToUser::new(SECOND_OPERATOR_ID);
    assert_eq!(
        refused(&http, &base, &theirs, Some(&operator)).await,
        ErrorCode::Forbidden
    );

    // The client saw the conversation, not the operators' own events.
    let answer = ChatMessageForm::text(7, "Done");
    ok(
        &http,
        &base,
        &SendMessage::new(chat, answer),
        Some(&operator),
    )
    .await;
    client_stream
        .wait_for(10, "the operator's answer", |seen| {
            support::texts(seen).contains(&"Done".to_owned())
        })
        .await;
    let kinds: Vec<ChatEventType> = client_stream
        .seen
        .lock()
        .unwrap()
        .events
        .iter()
        .map(|event| event.kind.clone())
        .collect();
    // A stream opened now reads it all back from the database: the operators' events and
    // what only they refer to (the memberships) stay out of its frames.
    let catch_up = Reader::start(
        http.clone(),
        Arc::new(Mutex::new(base.clone())),
        "support",
        client.clone(),
        None,
    );
    catch_up
        .wait_for(10, "the history's events", |seen| {
            support::texts(seen).contains(&"Done".to_owned())
        })
        .await;
    let seen = catch_up.seen.lock().unwrap();
    assert!(seen
        .graphs
        .iter()
        .all(|graph| graph.chat_members.is_empty()));
    drop(seen);
    assert!(
        kinds.iter().all(|kind| matches!(
            kind,
            ChatEventType::ChatCreated
                | ChatEventType::MessageCreated
                | ChatEventType::ChatClosed
                | ChatEventType::ChatOpened
        )),
        "{kinds:?}"
    );
}

/// The message of `messages` that carries a rating.
fn rating_message(messages: &[ChatMessage]) -> &ChatMessage {
    messages
        .iter()
        .find(|message| message.rating_id.is_some())
        .expect("a rating request")
}

/// A rating in `support` carries the seeded poll, side-loaded with it; the client answers
/// each question and finishes; answers that do not fit are refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_support_rating_carries_the_poll_and_the_poll_is_answered() {
    let server = Server::memory();
    let http = http();
    let base = server.base.clone();
    let (_, client) = signup(&http, &base, "support").await;
    let send = ChannelSend::builder("support", 1).text("Hello").build();
    ok(&http, &base, &send, Some(&client)).await;
    ok(
        &http,
        &base,
        &CloseChat::new(ChatId::new(1)),
        Some(&operator()),
    )
    .await;
    let history = ChannelMessages::new("support", MessageQuery::new(ChatType::Regular));
    let (messages, graph) = ok(&http, &base, &history, Some(&client)).await;
    let rating_id = rating_message(&messages).rating_id.unwrap();
    let rating = graph
        .ratings
        .iter()
        .find(|rating| rating.id == rating_id)
        .unwrap();
    let poll_id = rating.rating_poll_id.expect("the rating's poll");
    let poll = graph
        .rating_polls
        .iter()
        .find(|poll| poll.id == poll_id)
        .expect("the poll in Rels.RatingPolls");
    assert!(poll.show_offer && poll.feedback_thanks);
    let kinds: Vec<PollQuestionType> = poll.questions.iter().map(|q| q.kind.clone()).collect();
    assert_eq!(
        kinds,
        [
            PollQuestionType::Stars,
            PollQuestionType::Fcr,
            PollQuestionType::OneOfList,
            PollQuestionType::Scale,
            PollQuestionType::Input,
        ]
    );

    let answer = |question: i64, kind: PollQuestionType| {
        PollAnswer::new(rating_id, RatingPollQuestionId::new(question), kind)
    };
    let mut stars = answer(1, PollQuestionType::Stars);
    stars.answer_stars = Some(4);
    let mut fcr = answer(2, PollQuestionType::Fcr);
    fcr.rating_poll_answer_id = Some(RatingPollAnswerId::new(1));
    let mut list = answer(3, PollQuestionType::OneOfList);
    list.rating_poll_answer_id = Some(RatingPollAnswerId::new(4));
    let mut scale = answer(4, PollQuestionType::Scale);
    scale.answer_scale = Some(9);
    let mut input = answer(5, PollQuestionType::Input);
    input.answer_input = Some("Quick".to_owned());
    // One answer that does not fit: none of the batch is stored (the stars would rate).
    let mut wrong_scale = scale.clone();
    wrong_scale.answer_scale = Some(11);
    let half = SendPoll::new(vec![stars.clone(), wrong_scale]);
    assert_eq!(
        refused(&http, &base, &half, Some(&client)).await,
        ErrorCode::Invalid
    );
    let (_, graph) = ok(&http, &base, &history, Some(&client)).await;
    let untouched = graph
        .ratings
        .iter()
        .find(|rating| rating.id == rating_id)
        .unwrap();
    assert_eq!(untouched.value, None);
    let answers = SendPoll::new(vec![stars.clone(), fcr, list.clone(), scale, input]);
    ok(&http, &base, &answers, Some(&client)).await;

    // Answers that do not fit their question.
    let mut too_many = stars.clone();
    too_many.answer_stars = Some(9);
    let mut not_offered = list;
    not_offered.rating_poll_answer_id = Some(RatingPollAnswerId::new(1));
    let mut wrong_type = stars.clone();
    wrong_type.kind = PollQuestionType::Input;
    let no_question = answer(99, PollQuestionType::Input);
    for wrong in [too_many, not_offered, wrong_type, no_question] {
        let request = SendPoll::new(vec![wrong]);
        assert_eq!(
            refused(&http, &base, &request, Some(&client)).await,
            ErrorCode::Invalid
        );
    }
    let (_, other) = signup(&http, &base, "support").await;
    let theirs = SendPoll::new(vec![stars]);
    assert_eq!(
        refused(&http, &base, &theirs, Some(&other)).await,
        ErrorCode::Forbidden
    );

    // Finished: the stars rated the chat.
    let wrong_poll = FinishPoll::new(rating_id, RatingPollId::new(9), true);
    assert_eq!(
        refused(&http, &base, &wrong_poll, Some(&client)).await,
        ErrorCode::Invalid
    );
    ok(
        &http,
        &base,
        &FinishPoll::new(rating_id, poll_id, true),
        Some(&client),
    )
    .await;
    let (_, graph) = ok(&http, &base, &history, Some(&client)).await;
    let rating = graph
        .ratings
        .iter()
        .find(|rating| rating.id == rating_id)
        .unwrap();
    assert_eq!(
        (rating.state.clone(), rating.value),
        (RatingState::Finished, Some(4))
    );
    ok(
        &http,
        &base,
        &QueryPoll::new(RawJson::default()),
        Some(&client),
    )
    .await;
}

/// `sales` asks for the full form at sign-up and sends each new chat a personal-data
/// request; the client answers it (a required field left empty is refused), and
/// another client cannot touch it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sales_asks_for_personal_data_and_the_client_answers() {
    let server = Server::memory();
    let http = http();
    let base = server.base.clone();
    let (greeting, _) = ok(&http, &base, &GetGreetings::new("sales"), None).await;
    assert_eq!(
        greeting.personal_data_request_type,
        PersonalDataRequestType::FullForm
    );
    let (support, _) = ok(&http, &base, &GetGreetings::new("support"), None).await;
    assert!(support.greeting.is_some());
    let (form, _) = ok(&http, &base, &GetPersonalDataForm::new("sales"), None).await;
    assert!(form.fields.iter().any(|field| field.required));
    let (link, _) = ok(&http, &base, &InfoRequestLink::new("sales"), None).await;
    assert!(link.starts_with("https://"));

    let (auth, client) = signup(&http, &base, "sales").await;
    let client_id = auth.client.value().unwrap().id;
    let history = ChannelMessages::new("sales", MessageQuery::new(ChatType::Regular));
    let (messages, graph) = ok(&http, &base, &history, Some(&client)).await;
    let request_id = messages[0]
        .info_request_id
        .expect("a personal-data request");
    let request = graph
        .info_requests
        .iter()
        .find(|r| r.id == request_id)
        .unwrap();
    assert_eq!(request.state, InfoRequestState::Pending);
    assert_eq!(request.processing_data_link, link);

    let blank = FilledForm::from(&request.form);
    let unfilled = RespondInfoRequest::new(request_id, client_id, blank.clone());
    assert_eq!(
        refused(&http, &base, &unfilled, Some(&client)).await,
        ErrorCode::Invalid
    );
    // The fields the request asked for are what counts, not what the answer says of them.
    let none = RespondInfoRequest::new(request_id, client_id, FilledForm::new(Vec::new()));
    assert_eq!(
        refused(&http, &base, &none, Some(&client)).await,
        ErrorCode::Invalid
    );
    let filled = FilledForm::new(
        blank
            .fields
            .iter()
            .map(|field| FilledField::value(field.clone(), "Anna"))
            .collect(),
    );
    let (other_auth, other) = signup(&http, &base, "support").await;
    let other_id = other_auth.client.value().unwrap().id;
    let theirs = RespondInfoRequest::new(request_id, other_id, filled.clone());
    assert_eq!(
        refused(&http, &base, &theirs, Some(&other)).await,
        ErrorCode::Forbidden
    );
    let ignore = IgnoreInfoRequest::new(request_id);
    assert_eq!(
        refused(&http, &base, &ignore, Some(&other)).await,
        ErrorCode::Forbidden
    );
    let respond = RespondInfoRequest::new(request_id, client_id, filled);
    let (answered, _) = ok(&http, &base, &respond, Some(&client)).await;
    assert_eq!(answered.state, InfoRequestState::Finished);
    assert!(answered.client_consent);
    assert_eq!(
        refused(&http, &base, &respond, Some(&client)).await,
        ErrorCode::Invalid
    );
    // Ignoring a finished request changes nothing.
    let (after, _) = ok(&http, &base, &ignore, Some(&client)).await;
    assert_eq!(after.state, InfoRequestState::Finished);
}

/// The rest of the public API answers a signed-in client, and refuses what is not its
/// own; the chat API's sign-ins give a session that works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rest_of_the_public_api_answers_for_a_signed_in_client() {
    let server = Server::memory();
    let http = http();
    let base = server.base.clone();
    let (auth, client) = signup(&http, &base, "support").await;
    let client_id = auth.client.value().unwrap().id;
    let (_, other) = signup(&http, &base, "support").await;

    ok(&http, &base, &CheckMessage::new("hello"), Some(&client)).await;
    ok(&http, &base, &OpenSystemChat::new("support"), Some(&client)).await;
    let tickets = ExistingTickets::new("support", client_id, RawJson::default());
    ok(&http, &base, &tickets, Some(&client)).await;
    assert_eq!(
        refused(&http, &base, &tickets, Some(&other)).await,
        ErrorCode::Forbidden
    );
    let nowhere = ExistingTickets::new("nowhere", client_id, RawJson::default());
    assert_eq!(
        refused(&http, &base, &nowhere, Some(&client)).await,
        ErrorCode::NotFound
    );

    let send = ChannelSend::builder("support", 1).text("Hello").build();
    ok(&http, &base, &send, Some(&client)).await;
    let history = ChannelMessages::new("support", MessageQuery::new(ChatType::Regular));
    let (messages, _) = ok(&http, &base, &history, Some(&client)).await;
    let mine = messages.last().unwrap().id;
    // Taking a channel offer twice is one (Android sends it twice); not another's.
    let taken = DeleteTransferToChannel::new(mine);
    ok(&http, &base, &taken, Some(&client)).await;
    ok(&http, &base, &taken, Some(&client)).await;
    assert_eq!(
        refused(&http, &base, &taken, Some(&other)).await,
        ErrorCode::Forbidden
    );
    // A reply is to a message of the client's chat; a receipt names 1,000 messages at most.
    let mut reply = ChannelSend::builder("support", 2).text("Re").build();
    reply.message.reply_to_message_id = Some(iqchannels_proto::ChatMessageId::new(999));
    assert_eq!(
        refused(&http, &base, &reply, Some(&client)).await,
        ErrorCode::NotFound
    );
    let many = iqchannels_proto::api::public::messages::MarkMessagesRead::new(vec![mine; 1001]);
    assert_eq!(
        refused(&http, &base, &many, Some(&client)).await,
        ErrorCode::Invalid
    );
    let product = AcceptProduct::new(mine, ProductId::new(1));
    assert_eq!(
        refused(&http, &base, &product, Some(&client)).await,
        ErrorCode::NotFound
    );

    // Sign-ins: the chat API's by token and by integration, the widget's into a project,
    // and a refresh that gives the same client back.
    let token = auth.session.value().unwrap().token.clone();
    let (again, _) = ok(&http, &base, &Auth::new(token), None).await;
    assert_eq!(again.client.value().unwrap().id, client_id);
    let (integrated, _) = ok(
        &http,
        &base,
        &IntegrationAuth::new(Secret::new("crm-42")),
        None,
    )
    .await;
    let in_project = IntegrationAuthInProject::new(Secret::new("crm-42"), "demo");
    let (same, _) = ok(&http, &base, &in_project, None).await;
    let integrated_id = integrated.client.value().unwrap().id;
    assert_eq!(same.client.value().unwrap().id, integrated_id);
    let session = same.session.value().unwrap().token.expose().to_owned();
    let credentials = Credentials::client(&session).unwrap();
    let refresh = IntegrationRefresh::new(Secret::new("crm-42"));
    let (refreshed, _) = ok(&http, &base, &refresh, Some(&credentials)).await;
    assert_eq!(refreshed.client.id, integrated_id);
    let empty = IntegrationAuth::new(Secret::new(""));
    assert_eq!(
        refused(&http, &base, &empty, None).await,
        ErrorCode::Unauthorized
    );
    assert_ne!(ClientId::new(0), integrated_id);

    // The widget's stylesheet: CSS, for a channel that exists.
    let css = http
        .get(format!(
            "{base}/public/api/v1/widget/styles.css?channel=support"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
    assert_eq!(css.headers()["x-content-type-options"], "nosniff");
    assert!(css.text().await.unwrap().contains("stylesheet"));
    let missing = iqchannels_proto::api::public::settings::GetStyles::new("nowhere");
    assert_eq!(
        refused(&http, &base, &missing, None).await,
        ErrorCode::NotFound
    );
}

/// A rating ignored is `rating_ignored` on the client's stream, naming the message that
/// asked for it (each official client closes the request on it); ignoring it again says
/// nothing more.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ignored_rating_is_an_event_of_its_message() {
    use iqchannels_proto::api::public::ratings::IgnoreRating;

    let server = Server::memory();
    let http = http();
    let base = server.base.clone();
    let (_, client) = signup(&http, &base, "sales").await;
    let send = ChannelSend::builder("sales", 1).text("Hello").build();
    ok(&http, &base, &send, Some(&client)).await;
    let chats = QueryByChannel::new(ChannelId::new(2), ChatQuery::default());
    let chat = ok(&http, &base, &chats, Some(&operator())).await.0[0].id;
    ok(&http, &base, &CloseChat::new(chat), Some(&operator())).await;
    let history = ChannelMessages::new("sales", MessageQuery::new(ChatType::Regular));
    let (messages, _) = ok(&http, &base, &history, Some(&client)).await;
    let asking = rating_message(&messages);
    let rating = asking.rating_id.unwrap();
    let stream = Reader::start(
        http.clone(),
        Arc::new(Mutex::new(base.clone())),
        "sales",
        client.clone(),
        None,
    );
    ok(&http, &base, &IgnoreRating::new(rating), Some(&client)).await;
    ok(&http, &base, &IgnoreRating::new(rating), Some(&client)).await;
    stream
        .wait_for(10, "rating_ignored", |seen| {
            seen.events
                .iter()
                .any(|event| event.kind == ChatEventType::RatingIgnored)
        })
        .await;
    // A message after it, so that a second rating_ignored would have arrived.
    ok(
        &http,
        &base,
        &ChannelSend::builder("sales", 2).text("Bye").build(),
        Some(&client),
    )
    .await;
    stream
        .wait_for(10, "the last message", |seen| {
            support::texts(seen).contains(&"Bye".to_owned())
        })
        .await;
    let seen = stream.seen.lock().unwrap();
    let ignored: Vec<_> = seen
        .events
        .iter()
        .filter(|event| event.kind == ChatEventType::RatingIgnored)
        .collect();
    assert_eq!(ignored.len(), 1);
    assert_eq!(ignored[0].message_id, Some(asking.id));
}
