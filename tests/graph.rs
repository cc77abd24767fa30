//! The graph: references, the client's index and resolution, the server's builder.

use std::collections::{BTreeMap, BTreeSet};

use iqchannels_proto::api::tickets::{CreateMessage, CreateMessageData};
use iqchannels_proto::graph::{Author, Conflict, Dangling, GraphBuilder, Object};
use iqchannels_proto::references::{self, Reference};
use iqchannels_proto::{
    codec, ActorType, Client, ClientId, File, FileId, Graph, Message, MessageId, Response, User,
    UserId,
};
use proptest::prelude::*;

const RESPONSE: &[u8] = include_bytes!("fixtures/create_message.response.json");

fn message(author: ActorType, user_id: Option<i64>, client_id: Option<i64>) -> Message {
    let mut message = Message::new(MessageId::new(1));
    message.author = author;
    message.user_id = user_id.map(UserId::new);
    message.client_id = client_id.map(ClientId::new);
    message
}

fn user(id: i64, avatar: &str) -> User {
    let mut user = User::new(UserId::new(id));
    user.avatar_id = FileId::new(avatar).into();
    user
}

#[test]
fn references_have_typed_ids_and_json_paths() {
    let response = codec::decode_response::<CreateMessage>(RESPONSE)
        .unwrap()
        .value;
    assert_eq!(
        references::collect(&response),
        [
            (
                "Data.Message.UserId".to_owned(),
                Reference::User(UserId::new(1))
            ),
            (
                "Graph.Users[0].AvatarId".to_owned(),
                Reference::File(FileId::new("baac46c4-c475-11e7-999e-fb4e907475d9.jpg"))
            ),
        ]
    );
    let mut file = File::new(FileId::new("f.png"));
    file.owner_client_id = Some(ClientId::new(3));
    file.actor_user_id = Some(UserId::new(4));
    assert_eq!(
        references::collect(&vec![file]),
        [
            (
                "[0].OwnerClientId".to_owned(),
                Reference::Client(ClientId::new(3))
            ),
            (
                "[0].ActorUserId".to_owned(),
                Reference::User(UserId::new(4))
            ),
        ]
    );
    // Zero ids are the zero value: no reference.
    assert!(references::collect(&message(ActorType::User, Some(0), None)).is_empty());
    assert!(references::collect(&user(0, "")).is_empty());
}

#[test]
fn the_index_resolves_authors_and_avatars() {
    let mut graph = Graph::default();
    graph.users = vec![
        user(1, "a.jpg"),
        user(2, "missing.jpg"),
        user(1, "duplicate-ignored.jpg"),
    ];
    graph.clients = vec![Client::new(ClientId::new(7))];
    graph.files = vec![File::new(FileId::new("a.jpg"))];
    let index = graph.index();

    assert_eq!(
        index.user(UserId::new(1)),
        Some(&graph.users[0]),
        "the first of a duplicate id counts"
    );
    assert_eq!(index.client(ClientId::new(7)), Some(&graph.clients[0]));
    assert_eq!(index.file(&FileId::new("a.jpg")), Some(&graph.files[0]));
    assert_eq!(index.user(UserId::new(3)), None);

    let by_user = message(ActorType::User, Some(1), None);
    let resolved = index.resolve(&by_user);
    assert_eq!(resolved.author, Author::User(&graph.users[0]));
    assert_eq!(resolved.avatar, Some(&graph.files[0]));
    assert_eq!(
        index
            .resolve(&message(ActorType::User, Some(2), None))
            .avatar,
        None
    );

    let cases = [
        (
            message(ActorType::Client, None, Some(7)),
            Author::Client(&graph.clients[0]),
        ),
        (
            message(ActorType::User, Some(9), None),
            Author::Missing(Reference::User(UserId::new(9))),
        ),
        (
            message(ActorType::Client, Some(1), Some(8)),
            Author::Missing(Reference::Client(ClientId::new(8))),
        ),
        (message(ActorType::System, None, None), Author::System),
        (message(ActorType::Anonymous, None, None), Author::Anonymous),
        (message(ActorType::User, None, Some(7)), Author::Unknown),
        (message(ActorType::User, Some(0), None), Author::Unknown),
        (
            message(ActorType::from("robot"), Some(1), None),
            Author::Unknown,
        ),
    ];
    for (message, author) in cases {
        assert_eq!(index.author(&message), author, "{message:?}");
    }
}

#[test]
fn dangling_references_of_a_whole_response_are_reported_not_errors() {
    let response = codec::decode_response::<CreateMessage>(RESPONSE)
        .unwrap()
        .value;
    let graph = response.graph.clone().unwrap();
    let dangling: Vec<(String, Reference)> = graph
        .index()
        .dangling(&response)
        .into_iter()
        .map(|d: Dangling| (d.path, d.reference))
        .collect();
    assert_eq!(
        dangling,
        [(
            "Graph.Users[0].AvatarId".to_owned(),
            Reference::File(FileId::new("baac46c4-c475-11e7-999e-fb4e907475d9.jpg")),
        )]
    );
    let empty = Graph::default();
    let dangling = empty.index().dangling(&response);
    assert_eq!(
        dangling.iter().map(|d| d.path.as_str()).collect::<Vec<_>>(),
        ["Data.Message.UserId", "Graph.Users[0].AvatarId"]
    );
}

#[test]
fn the_builder_keeps_one_copy_and_reports_conflicts() {
    let mut builder = GraphBuilder::new();
    assert_eq!(builder.add(user(2, "")), Ok(()));
    assert_eq!(builder.add(user(1, "")), Ok(()));
    assert_eq!(builder.add(user(2, "")), Ok(()), "the same object again");
    let conflict: Conflict = builder.add(user(2, "other.jpg")).unwrap_err();
    assert_eq!(conflict.reference, Reference::User(UserId::new(2)));
    assert_eq!(
        builder.add(user(2, "other.jpg")).unwrap_err().to_string(),
        "the graph already has a different user 2"
    );
    let graph = builder.build();
    assert_eq!(
        graph.users,
        [user(1, ""), user(2, "")],
        "in id order, the first object kept"
    );
}

#[test]
fn completion_follows_references_recursively_and_ends_on_cycles() {
    // A file uploaded by user 1, whose avatar is that file: a cycle.
    let mut avatar = File::new(FileId::new("a.jpg"));
    avatar.actor_user_id = Some(UserId::new(1));
    let database: BTreeMap<Reference, Object> = [
        (
            Reference::User(UserId::new(1)),
            Object::User(user(1, "a.jpg")),
        ),
        (Reference::File(FileId::new("a.jpg")), Object::File(avatar)),
        (Reference::User(UserId::new(5)), Object::User(user(5, ""))),
    ]
    .into();
    let data = CreateMessageData::new(message(ActorType::User, Some(1), Some(4)));
    let mut asked = Vec::new();
    let mut builder = GraphBuilder::new();
    let not_found = builder.complete(&data, |reference| {
        asked.push(reference.clone());
        database.get(reference).cloned()
    });
    assert_eq!(not_found, [Reference::Client(ClientId::new(4))]);
    assert_eq!(asked.len(), 3, "each id asked once: {asked:?}");
    let graph = builder.build();
    assert_eq!(graph.users.len(), 1, "user 5 is not referenced");
    assert_eq!(graph.files.len(), 1);
    let response = Response::success(data, graph.clone());
    let dangling: Vec<_> = graph
        .index()
        .dangling(&response)
        .into_iter()
        .map(|d| d.reference)
        .collect();
    assert_eq!(dangling, not_found);
}

#[test]
fn an_object_under_the_wrong_id_is_not_found() {
    let data = CreateMessageData::new(message(ActorType::User, Some(1), None));
    let mut builder = GraphBuilder::new();
    let not_found = builder.complete(&data, |_| Some(Object::User(user(2, ""))));
    assert_eq!(not_found, [Reference::User(UserId::new(1))]);
    assert!(builder.build().users.is_empty());
}

#[test]
fn missing_lists_what_to_fetch_in_batches() {
    let data = vec![
        message(ActorType::User, Some(2), None),
        message(ActorType::User, Some(1), None),
        message(ActorType::User, Some(2), None),
    ];
    let mut builder = GraphBuilder::new();
    assert_eq!(
        builder.missing(&data),
        [
            Reference::User(UserId::new(1)),
            Reference::User(UserId::new(2))
        ]
    );
    builder.add(user(1, "x.jpg")).unwrap();
    builder.add(user(2, "")).unwrap();
    assert_eq!(
        builder.missing(&data),
        [Reference::File(FileId::new("x.jpg"))]
    );
}

fn small_id() -> impl Strategy<Value = i64> {
    0i64..12
}

prop_compose! {
    fn any_message()(author in 0..5u8, user_id in prop::option::of(small_id()), client_id in prop::option::of(small_id())) -> Message {
        let author = ActorType::from(["", "user", "client", "system", "bot"][usize::from(author)]);
        message(author, user_id, client_id)
    }
}

prop_compose! {
    /// What the server's database holds: some users (with avatars), clients and files.
    fn database()(
        users in prop::collection::btree_map(small_id(), prop::option::of(0..6u8), 0..10),
        clients in prop::collection::btree_set(small_id(), 0..10),
        files in prop::collection::btree_map(0..6u8, (prop::option::of(small_id()), prop::option::of(small_id())), 0..6),
    ) -> BTreeMap<Reference, Object> {
        let mut database = BTreeMap::new();
        for (id, avatar) in users {
            let user = user(id, &avatar.map(|a| format!("{a}.jpg")).unwrap_or_default());
            database.insert(Reference::User(user.id), Object::User(user));
        }
        for id in clients {
            database.insert(Reference::Client(ClientId::new(id)), Object::Client(Client::new(ClientId::new(id))));
        }
        for (name, (owner, actor)) in files {
            let mut file = File::new(FileId::new(format!("{name}.jpg")));
            file.owner_client_id = owner.map(ClientId::new);
            file.actor_user_id = actor.map(UserId::new);
            database.insert(Reference::File(file.id.clone()), Object::File(file));
        }
        database
    }
}

fn object_references(object: &Object) -> Vec<Reference> {
    match object {
        Object::User(user) => references::collect(user),
        Object::Client(client) => references::collect(client),
        Object::File(file) => references::collect(file),
        _ => unreachable!(),
    }
    .into_iter()
    .map(|(_, reference)| reference)
    .collect()
}

proptest! {
    #[test]
    fn completion_leaves_nothing_dangling_and_adds_nothing_unreferenced(
        data in prop::collection::vec(any_message(), 0..8),
        database in database(),
    ) {
        let mut builder = GraphBuilder::new();
        let not_found = builder.complete(&data, |reference| database.get(reference).cloned());
        let graph = builder.build();

        // Nothing dangles but what the database lacks.
        let response = Response::success(data.clone(), graph.clone());
        let dangling: BTreeSet<Reference> = graph.index().dangling(&response).into_iter().map(|d| d.reference).collect();
        prop_assert_eq!(&dangling, &not_found.iter().cloned().collect::<BTreeSet<_>>());
        for reference in &not_found {
            prop_assert!(!database.contains_key(reference));
        }

        // Every object is reachable from the data, following references through the
        // graph's own objects (a cycle that the data does not reach would not be).
        let objects: BTreeMap<Reference, Object> = graph.users.iter().cloned().map(Object::User)
            .chain(graph.clients.iter().cloned().map(Object::Client))
            .chain(graph.files.iter().cloned().map(Object::File))
            .map(|object| (object.reference(), object))
            .collect();
        let mut reached = BTreeSet::new();
        let mut queue: Vec<Reference> = references::collect(&data).into_iter().map(|(_, r)| r).collect();
        while let Some(reference) = queue.pop() {
            if let Some(object) = objects.get(&reference) {
                if reached.insert(reference) {
                    queue.extend(object_references(object));
                }
            }
        }
        for (reference, object) in &objects {
            prop_assert!(reached.contains(reference), "{:?} is not reachable from the data", reference);
            prop_assert_eq!(database.get(reference), Some(object));
        }

        // In id order, and it survives encode/decode.
        prop_assert!(graph.users.windows(2).all(|pair| pair[0].id < pair[1].id));
        prop_assert!(graph.files.windows(2).all(|pair| pair[0].id < pair[1].id));
        let single = Response::success(CreateMessageData::default(), graph.clone());
        let decoded = codec::decode_response::<CreateMessage>(&codec::encode_response::<CreateMessage>(&single).unwrap()).unwrap();
        prop_assert_eq!(decoded.value.graph, Some(graph));
    }

    #[test]
    fn the_index_finds_exactly_what_was_added(
        user_ids in prop::collection::btree_set(any::<i64>(), 0..50),
        client_ids in prop::collection::btree_set(any::<i64>(), 0..50),
        file_ids in prop::collection::btree_set(".{0,12}", 0..20),
        random in prop::collection::vec(any::<i64>(), 0..50),
    ) {
        // Probes: every added id, and random ones (mostly absent).
        let probes: Vec<i64> = user_ids.iter().chain(&client_ids).copied().chain(random).collect();
        let mut graph = Graph::default();
        graph.users = user_ids.iter().map(|id| user(*id, "")).collect();
        graph.clients = client_ids.iter().map(|id| Client::new(ClientId::new(*id))).collect();
        graph.files = file_ids.iter().map(|id| File::new(FileId::new(id.as_str()))).collect();
        let index = graph.index();
        for user in &graph.users {
            prop_assert!(std::ptr::eq(index.user(user.id).unwrap(), user));
        }
        for client in &graph.clients {
            prop_assert!(std::ptr::eq(index.client(client.id).unwrap(), client));
        }
        for file in &graph.files {
            prop_assert!(std::ptr::eq(index.file(&file.id).unwrap(), file));
        }
        for &probe in &probes {
            prop_assert_eq!(index.user(UserId::new(probe)).is_some(), user_ids.contains(&probe));
            prop_assert_eq!(index.client(ClientId::new(probe)).is_some(), client_ids.contains(&probe));
        }
        for probe in file_ids.iter().cloned().chain(probes.iter().map(i64::to_string)) {
            prop_assert_eq!(index.file(&FileId::new(probe.as_str())).is_some(), file_ids.contains(&probe));
        }
    }
}

/// `Graph` and `Response` read strictly through serde: a malformed element, which the
/// codec leaves out with a warning, is an error; a collection or a field named twice is
/// too; `null` collections are empty, unknown collections kept, unknown envelope keys
/// ignored.
#[test]
fn graph_and_response_deserialize_strictly() {
    use iqchannels_proto::api::tickets::{CreateMessage, CreateMessageData};
    use iqchannels_proto::{codec, Graph, Response};

    let body = br#"{"OK": true, "Extra": [1], "Data": {"Message": {"Id": 1}}, "Graph": {"Users": [{"Id": 1}, {"Id": "x"}]}}"#;
    let lenient = codec::decode_response::<CreateMessage>(body).unwrap();
    assert_eq!(lenient.warnings.len(), 1);
    let strict = serde_json::from_slice::<Response<CreateMessageData>>(body).unwrap_err();
    assert!(strict.to_string().contains("invalid type"), "{strict}");

    let graph: Graph =
        serde_json::from_str(r#"{"Users": null, "Clients": [], "Tickets": {"1": {}}}"#).unwrap();
    assert!(graph.users.is_empty() && graph.clients.is_empty());
    assert_eq!(graph.other["Tickets"].get(), r#"{"1": {}}"#);
    for twice in [
        r#"{"Users": [], "Users": []}"#,
        r#"{"Tickets": 1, "Tickets": 2}"#,
    ] {
        assert!(serde_json::from_str::<Graph>(twice).is_err(), "{twice}");
    }
    for twice in [
        r#"{"OK": true, "OK": false}"#,
        r#"{"Graph": {}, "Rels": {}}"#,
    ] {
        assert!(
            serde_json::from_str::<Response<CreateMessageData>>(twice).is_err(),
            "{twice}"
        );
    }
    let response: Response<CreateMessageData> =
        serde_json::from_str(r#"{"OK": null, "Ping": true, "Rels": null}"#).unwrap();
    assert!(!response.ok && response.ping && response.graph.is_none() && response.data.is_none());
}
