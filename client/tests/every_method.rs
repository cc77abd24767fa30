//! Every method the development server answers with an envelope, called through the
//! client against the server's process: each answered as its request deserves (`OK`, or
//! the error a request for nothing earns), and a check at the end that none of the
//! registry's envelope methods was left out. (Streams and downloads: `client.rs`.)

use std::collections::BTreeSet;
use std::sync::Mutex;

use iqchannels_client::{Answer, Client, Error};
use iqchannels_proto::api::{self, chats, clients, inboxes, public, tickets, MethodVisitor};
use iqchannels_proto::methods::{Envelope, Method, ResponseKind};
use iqchannels_proto::{
    Carrier, ChannelId, ChatType, Credentials, ErrorCode, FileType, InfoRequestState,
    PollQuestionType, ProductId, RatingPollQuestionId, RawJson, Secret, UserId,
};

mod support;

use support::{Server, OPERATOR_TOKEN};

/// The paths called, for the check that none was left out.
static CALLED: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());

/// Calls `request` through `client`; its answer must be `OK`.
async fn ok<M: Envelope>(client: &Client, request: &M) -> Answer<M::Data> {
    CALLED.lock().unwrap().insert(M::METADATA.path);
    client
        .call(request)
        .await
        .unwrap_or_else(|error| panic!("{}: {error}", M::METADATA.path))
}

/// Calls `request` through `client`; its answer must be the error `code`.
async fn refused<M: Envelope>(client: &Client, request: &M, code: ErrorCode) {
    CALLED.lock().unwrap().insert(M::METADATA.path);
    match client.call(request).await {
        Err(Error::Api(error)) => assert_eq!(error.code, code, "{}", M::METADATA.path),
        other => panic!(
            "{}: {:?}",
            M::METADATA.path,
            other.map(|answer| answer.warnings)
        ),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_envelope_method_through_the_client() {
    use public::chats::{
        ChannelMessages, ChannelSend, ChannelTyping, ExistingTickets, MessageQuery, OpenSystemChat,
    };
    use public::clients::{
        AnonymousAuth, AnonymousCreate, AnonymousSignup, ClientIntegrationAuth, ClientTokenAuth,
        GetLastMessages, IntegrationAuthInProject, IntegrationRefresh, Me, SetLanguage, Signup,
    };
    use public::files::{FileToken, GetFile, GetFilesConfig, UploadFile};
    use public::messages::{
        AcceptProduct, CheckMessage, DeclineProduct, DeleteTransferToChannel, MarkMessageListened,
        MarkMessagesRead, MarkMessagesReceived,
    };
    use public::ratings::{
        FinishPoll, IgnoreRating, PollAnswer, QueryPoll, Rate, RatingForm, SendPoll,
    };
    use public::settings::{
        AudioMessagesEnabled, FilledField, FilledForm, GetBlocker, GetChatSettings,
        GetEndAppealsSettings, GetGreetings, GetLanguages, GetPersonalDataForm, GetServerVersion,
        IgnoreInfoRequest, InfoRequestLink, RespondInfoRequest,
    };

    let server = Server::start("127.0.0.1:0", &["--memory"]);
    let anonymous = Client::new(&server.base);
    let operator =
        anonymous.with_credentials(Credentials::service_account(OPERATOR_TOKEN).unwrap());

    // Before a sign-in: the configuration, the greetings, the sign-ups and sign-ins.
    ok(&anonymous, &GetFilesConfig::new()).await;
    ok(&anonymous, &GetServerVersion::new()).await;
    ok(&anonymous, &GetGreetings::new("support")).await;
    ok(&anonymous, &GetPersonalDataForm::new("support")).await;
    ok(&anonymous, &InfoRequestLink::new("support")).await;
    ok(&anonymous, &GetBlocker::new("support")).await;
    CALLED
        .lock()
        .unwrap()
        .insert(AnonymousSignup::METADATA.path);
    let (client, auth) = anonymous
        .sign_in(&AnonymousSignup::new("support"))
        .await
        .unwrap();
    let me = auth.client.value().unwrap().id;
    let token = auth.session.value().unwrap().token.clone();
    ok(&anonymous, &Signup::new("support", Some("Anna".to_owned()))).await;
    ok(&anonymous, &AnonymousCreate::new("Boris", "support")).await;
    ok(&anonymous, &ClientTokenAuth::new(token.clone())).await;
    ok(&anonymous, &clients::Auth::new(token.clone())).await;
    ok(
        &anonymous,
        &ClientIntegrationAuth::new(Secret::new("crm-1"), "support"),
    )
    .await;
    ok(
        &anonymous,
        &clients::IntegrationAuth::new(Secret::new("crm-1")),
    )
    .await;
    let in_project = IntegrationAuthInProject::new(Secret::new("crm-1"), "demo");
    CALLED
        .lock()
        .unwrap()
        .insert(IntegrationAuthInProject::METADATA.path);
    let (integrated, _) = anonymous.sign_in(&in_project).await.unwrap();
    ok(&integrated, &IntegrationRefresh::new(Secret::new("crm-1"))).await;
    // The widget's sign-in by its cookie alone: the client's carrier set to the cookie.
    let by_cookie = Client::builder(&server.base)
        .client_carrier(Carrier::ClientSessionCookie)
        .build()
        .with_credentials(Credentials::client(token.expose()).unwrap());
    ok(&by_cookie, &AnonymousAuth::new()).await;
    refused(&anonymous, &AnonymousAuth::new(), ErrorCode::Unauthorized).await;

    // The signed-in client.
    ok(&client, &Me::new()).await;
    ok(&client, &GetChatSettings::new("support", Some(me))).await;
    ok(&client, &AudioMessagesEnabled::new("support")).await;
    ok(&client, &GetEndAppealsSettings::new("support")).await;
    ok(&client, &GetLanguages::new("support")).await;
    ok(&client, &SetLanguage::new("ru")).await;
    ok(
        &client,
        &public::push::ApnsToken::new("support", "apns-token"),
    )
    .await;
    ok(
        &client,
        &public::push::FcmToken::new("support", "fcm-token"),
    )
    .await;
    ok(
        &client,
        &public::push::HcmToken::new("support", "hcm-token"),
    )
    .await;
    ok(&client, &public::log::LogMessage::new("a line")).await;
    ok(&client, &CheckMessage::new("hello")).await;
    ok(&client, &OpenSystemChat::new("support")).await;
    ok(
        &client,
        &ExistingTickets::new("support", me, RawJson::default()),
    )
    .await;
    ok(&client, &ChannelTyping::new("support", ChatType::Regular)).await;
    ok(
        &client,
        &ChannelSend::builder("support", 1).text("Hello").build(),
    )
    .await;
    let history = ChannelMessages::new("support", MessageQuery::new(ChatType::Regular));
    let mine = ok(&client, &history).await.data[0].id;
    ok(&client, &GetLastMessages::new(["support"])).await;
    ok(&client, &DeleteTransferToChannel::new(mine)).await;
    // No message here offers a product: the answer for one that does not.
    refused(
        &client,
        &AcceptProduct::new(mine, ProductId::new(1)),
        ErrorCode::NotFound,
    )
    .await;
    refused(
        &client,
        &DeclineProduct::new(mine, ProductId::new(1)),
        ErrorCode::NotFound,
    )
    .await;
    let upload = UploadFile::new(
        FileType::File,
        "a.txt",
        Some("text/plain".to_owned()),
        b"hi".to_vec(),
    );
    let file = ok(&client, &upload).await.data;
    ok(&client, &GetFile::new(file.id.clone())).await;
    ok(&client, &FileToken::new(file.id)).await;

    // The operator: the chat API and the Internal API.
    let chats = chats::QueryByChannel::new(ChannelId::new(1), chats::ChatQuery::default());
    let chat = ok(&operator, &chats).await.data[0].id;
    ok(&operator, &chats::GetChat::new(chat)).await;
    ok(
        &operator,
        &chats::QueryMessages::new(chat, chats::ChatMessageQuery::default()),
    )
    .await;
    let answer = chats::ChatMessageForm::text(1, "Hi");
    let answer = ok(&operator, &chats::SendMessage::new(chat, answer))
        .await
        .data;
    ok(
        &operator,
        &tickets::CreateMessage::builder(iqchannels_proto::TicketId::new(chat.get()), 2)
            .text("Again")
            .build(),
    )
    .await;
    ok(&operator, &chats::Typing::new(chat)).await;
    ok(&operator, &chats::MarkReceived::new(vec![mine])).await;
    ok(&operator, &chats::MarkRead::new(vec![mine])).await;
    ok(&client, &MarkMessagesReceived::new(vec![answer])).await;
    ok(&client, &MarkMessagesRead::new(vec![answer])).await;
    ok(&client, &MarkMessageListened::new(answer)).await;
    ok(&operator, &chats::Assign::new(chat, UserId::new(1))).await;
    ok(&operator, &chats::Invite::new(chat, UserId::new(2))).await;
    ok(&operator, &chats::Transfer::new(chat, UserId::new(2))).await;
    ok(
        &operator,
        &chats::QueryMembers::new(chat, chats::ChatMemberQuery::default()),
    )
    .await;
    ok(&operator, &chats::LeaveChat::new(chat)).await;
    ok(&operator, &chats::JoinChat::new(chat)).await;
    ok(&operator, &inboxes::GetInbox::new(UserId::new(1))).await;
    ok(
        &operator,
        &inboxes::QueryThreads::new(UserId::new(1), inboxes::ChatInboxThreadQuery::default()),
    )
    .await;
    ok(&operator, &chats::CloseChat::new(chat)).await;
    ok(&operator, &chats::OpenChat::new(chat)).await;

    // The rating the close asked for, and its poll.
    let page = ok(&client, &history).await;
    let rating = page
        .data
        .iter()
        .find_map(|m| m.rating_id)
        .expect("a rating");
    let poll = page
        .graph
        .ratings
        .iter()
        .find(|r| r.id == rating)
        .and_then(|r| r.rating_poll_id)
        .expect("a poll");
    let mut stars = PollAnswer::new(
        rating,
        RatingPollQuestionId::new(1),
        PollQuestionType::Stars,
    );
    stars.answer_stars = Some(5);
    ok(&client, &SendPoll::new(vec![stars])).await;
    ok(&client, &FinishPoll::new(rating, poll, true)).await;
    ok(&client, &QueryPoll::new(RawJson::default())).await;
    ok(&client, &Rate::new(rating, RatingForm::new(5))).await;
    ok(&client, &IgnoreRating::new(rating)).await;

    // The personal-data request sales sends.
    CALLED
        .lock()
        .unwrap()
        .insert(AnonymousSignup::METADATA.path);
    let (buyer, buyer_auth) = anonymous
        .sign_in(&AnonymousSignup::new("sales"))
        .await
        .unwrap();
    let sales = ChannelMessages::new("sales", MessageQuery::new(ChatType::Regular));
    let page = ok(&buyer, &sales).await;
    let request_id = page.data[0].info_request_id.expect("an info request");
    let request = page
        .graph
        .info_requests
        .iter()
        .find(|r| r.id == request_id)
        .unwrap();
    let form = FilledForm::new(
        FilledForm::from(&request.form)
            .fields
            .into_iter()
            .map(|f: FilledField| f.value("Anna"))
            .collect(),
    );
    let buyer_id = buyer_auth.client.value().unwrap().id;
    let answered = ok(&buyer, &RespondInfoRequest::new(request_id, buyer_id, form))
        .await
        .data;
    assert_eq!(answered.state, InfoRequestState::Finished);
    ok(&buyer, &IgnoreInfoRequest::new(request_id)).await;

    // None of the registry's envelope methods was left out.
    struct Envelopes;
    impl MethodVisitor for Envelopes {
        type Output = Option<&'static str>;
        fn visit<M: Method>(&mut self) -> Option<&'static str> {
            (M::METADATA.response == ResponseKind::Envelope).then_some(M::METADATA.path)
        }
    }
    let all: BTreeSet<&str> = api::visit_all(&mut Envelopes)
        .into_iter()
        .flatten()
        .collect();
    let called = CALLED.lock().unwrap().clone();
    let missed: Vec<_> = all.difference(&called).collect();
    assert!(
        missed.is_empty(),
        "not called through the client: {missed:?}"
    );
}
