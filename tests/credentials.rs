//! Credentials: what is accepted, how it is rendered and read back, and that the token
//! never shows.

use iqchannels_proto::auth::STREAM_TOKEN_SKEW_MS;
use iqchannels_proto::{
    Carrier, ClientSessionCookie, ClientSessionId, ClientStreamToken, CredentialKind, Credentials,
    CredentialsError, StreamTokenError,
};
use proptest::prelude::*;

const SESSION: &str = "7b6ea6627729db70414da6518561ddc2e07a320e.00000000000000000";
const SERVICE: &str = "3dd194ed5b5f6302fdd02170751126232440979c57102b8c14da9dd3126f7037";
const CLIENT: &str = "example-session-token";

#[test]
fn a_user_session_is_a_cookie() {
    let credentials = Credentials::user_session(SESSION).unwrap();
    assert_eq!(credentials.kind(), CredentialKind::UserSession);
    assert_eq!(credentials.header_name(), "Cookie");
    assert_eq!(
        credentials.header_value(),
        format!("user-session={SESSION}")
    );
}

#[test]
fn a_service_account_is_a_bearer_token() {
    let credentials = Credentials::service_account(SERVICE).unwrap();
    assert_eq!(credentials.kind(), CredentialKind::ServiceAccount);
    assert_eq!(credentials.header_name(), "Authorization");
    assert_eq!(credentials.header_value(), format!("Bearer {SERVICE}"));
}

#[test]
fn session_tokens_are_rfc_6265_cookie_octets() {
    // Every printable ASCII byte except space, '"', ',', ';' and '\'.
    let allowed: String = (0x21u8..=0x7e)
        .filter(|b| !b"\",;\\".contains(b))
        .map(char::from)
        .collect();
    Credentials::user_session(allowed).unwrap();
    for (token, position) in [
        ("a b", 1),
        ("a\"b", 1),
        ("ab,", 2),
        ("a;b", 1),
        ("a\\b", 1),
        ("\u{7f}", 0),
        ("a\tb", 1),
        ("é", 0),
        ("ok\r\nSet-Cookie: x=y", 2),
        ("ok\0", 2),
    ] {
        assert_eq!(
            Credentials::user_session(token),
            Err(CredentialsError::InvalidByte { position }),
            "{token:?}"
        );
    }
    assert_eq!(Credentials::user_session(""), Err(CredentialsError::Empty));
}

#[test]
fn service_tokens_are_rfc_6750_token68() {
    for token in ["abcXYZ019-._~+/", "abc=", "abc==", "a"] {
        Credentials::service_account(token).unwrap();
    }
    for (token, position) in [
        ("a=b", 1),
        ("=", 0),
        ("==", 0),
        ("a b", 1),
        ("a,b", 1),
        ("a\r\nX: y", 1),
        ("a\0", 1),
        ("tök", 1),
        ("a:b", 1),
    ] {
        assert_eq!(
            Credentials::service_account(token),
            Err(CredentialsError::InvalidByte { position }),
            "{token:?}"
        );
    }
    assert_eq!(
        Credentials::service_account(""),
        Err(CredentialsError::Empty)
    );
}

#[test]
fn a_server_reads_the_session_cookie_among_others() {
    for header in [
        format!("user-session={SESSION}"),
        format!("theme=dark; user-session={SESSION}; lang=ru"),
        format!("  user-session=\"{SESSION}\" ;x=1"),
        format!("xuser-session=no; user-session={SESSION}; user-session=second"),
    ] {
        let credentials = Credentials::from_cookie_header(&header).unwrap();
        assert_eq!(
            (credentials.kind(), credentials.token()),
            (CredentialKind::UserSession, SESSION),
            "{header}"
        );
    }
    assert_eq!(
        Credentials::from_cookie_header("theme=dark"),
        Err(CredentialsError::NoSessionCookie)
    );
    assert_eq!(
        Credentials::from_cookie_header(""),
        Err(CredentialsError::NoSessionCookie)
    );
    assert_eq!(
        Credentials::from_cookie_header("user-session="),
        Err(CredentialsError::Empty)
    );
    assert_eq!(
        Credentials::from_cookie_header(b"user-session=ab\xffc".as_slice()),
        Err(CredentialsError::InvalidByte { position: 2 })
    );
}

#[test]
fn a_server_reads_the_bearer_token() {
    for header in [
        format!("Bearer {SERVICE}"),
        format!("bearer  {SERVICE} "),
        format!("BEARER {SERVICE}"),
    ] {
        let credentials = Credentials::from_authorization_header(&header).unwrap();
        assert_eq!(
            (credentials.kind(), credentials.token()),
            (CredentialKind::ServiceAccount, SERVICE)
        );
    }
    for (header, error) in [
        ("Basic dXNlcjpwYXNz", CredentialsError::UnknownScheme),
        ("Bearer", CredentialsError::Empty),
        ("Bearer ", CredentialsError::Empty),
        (SERVICE, CredentialsError::UnknownScheme),
        ("BearerX abc", CredentialsError::UnknownScheme),
        ("", CredentialsError::UnknownScheme),
    ] {
        assert_eq!(
            Credentials::from_authorization_header(header),
            Err(error),
            "{header}"
        );
    }
    assert_eq!(
        Credentials::from_authorization_header("Bearer a b"),
        Err(CredentialsError::InvalidByte { position: 1 })
    );
}

#[test]
fn rendered_headers_read_back_the_same() {
    for credentials in [
        Credentials::user_session(SESSION).unwrap(),
        Credentials::service_account(SERVICE).unwrap(),
        Credentials::client(CLIENT).unwrap(),
    ] {
        let read = match credentials.kind() {
            CredentialKind::UserSession => {
                Credentials::from_cookie_header(credentials.header_value())
            }
            _ => Credentials::from_authorization_header(credentials.header_value()),
        };
        assert_eq!(read.unwrap(), credentials);
        let header = [(credentials.header_name(), credentials.header_value())];
        assert_eq!(
            Credentials::from_headers(header, CredentialKind::ALL),
            Ok(Some((credentials.clone(), credentials.carrier())))
        );
    }
}

#[test]
fn the_token_never_shows_in_debug_display_or_errors() {
    let secret = "s3cr3tT0ken";
    for credentials in [
        Credentials::user_session(secret).unwrap(),
        Credentials::service_account(secret).unwrap(),
        Credentials::client(secret).unwrap(),
    ] {
        for shown in [
            format!("{credentials:?}"),
            format!("{credentials:#?}"),
            credentials.to_string(),
        ] {
            assert!(!shown.contains(secret), "{shown}");
            assert!(shown.contains("redacted"), "{shown}");
        }
    }
    let refused = [
        Credentials::user_session(format!("{secret};")),
        Credentials::service_account(format!("{secret} ")),
        Credentials::from_cookie_header(format!("user-session={secret}\\")),
        Credentials::from_authorization_header(format!("Basic {secret}")),
        Credentials::from_authorization_header(format!("Bearer {secret}!")),
        Credentials::client(format!("{secret},")),
        Credentials::from_authorization_header(format!("Client {secret}\\")),
        Credentials::from_authorization_header(format!("Token {secret}")),
        Credentials::from_x_client_authorization_header(format!("{secret};")),
        Credentials::from_client_cookie_header(format!("client-session={secret}\"")),
        Credentials::from_client_cookie_header(format!("user-session={secret}")),
        ClientSessionCookie::new(format!("{secret} ")).map(|_| unreachable!()),
        Credentials::from_headers(
            [("X-Client-Authorization", format!("{secret} x"))],
            CredentialKind::ALL,
        )
        .map(|_| unreachable!()),
    ];
    for error in refused.into_iter().map(Result::unwrap_err) {
        for shown in [format!("{error:?}"), error.to_string()] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }
}

#[test]
fn credentials_are_equal_when_kind_and_token_are() {
    let session = Credentials::user_session("abc").unwrap();
    assert_eq!(session, Credentials::user_session("abc").unwrap());
    assert_ne!(session, Credentials::user_session("abd").unwrap());
    assert_ne!(session, Credentials::user_session("abcd").unwrap());
    assert_ne!(session, Credentials::user_session("ab").unwrap());
    assert_ne!(session, Credentials::service_account("abc").unwrap());
}

// The public client API's client credentials.

#[test]
fn a_client_renders_in_each_of_its_carriers() {
    let client = Credentials::client(CLIENT).unwrap();
    assert_eq!(client.kind(), CredentialKind::Client);
    assert_eq!(client.carrier(), Carrier::Authorization);
    assert_eq!(
        (client.header_name(), client.header_value()),
        ("Authorization", format!("Client {CLIENT}"))
    );
    let rendered: Vec<_> = [
        Carrier::Authorization,
        Carrier::XClientAuthorization,
        Carrier::ClientSessionCookie,
        Carrier::UserSessionCookie,
    ]
    .into_iter()
    .map(|carrier| client.header_in(carrier))
    .collect();
    assert_eq!(
        rendered,
        [
            Some(("Authorization", format!("Client {CLIENT}"))),
            Some(("X-Client-Authorization", CLIENT.to_owned())),
            Some(("Cookie", format!("client-session={CLIENT}"))),
            None,
        ]
    );
    // The other kinds travel in their one carrier only.
    let service = Credentials::service_account(SERVICE).unwrap();
    assert_eq!(service.header_in(Carrier::XClientAuthorization), None);
    assert_eq!(service.header_in(Carrier::ClientSessionCookie), None);
    assert_eq!(
        service.header_in(Carrier::Authorization),
        Some(("Authorization", format!("Bearer {SERVICE}")))
    );
    let session = Credentials::user_session(SESSION).unwrap();
    assert_eq!(session.header_in(Carrier::Authorization), None);
    assert_eq!(
        session.header_in(Carrier::UserSessionCookie),
        Some(("Cookie", format!("user-session={SESSION}")))
    );
}

#[test]
fn client_tokens_are_cookie_octets() {
    Credentials::client("7b6ea6627729db70414da6518561ddc2e07a320e.00000000000000000").unwrap();
    Credentials::client("a=b/c+d").unwrap();
    for (token, position) in [("a b", 1), ("a;b", 1), ("ab,", 2), ("\"ab\"", 0), ("é", 0)] {
        assert_eq!(
            Credentials::client(token),
            Err(CredentialsError::InvalidByte { position }),
            "{token:?}"
        );
    }
    assert_eq!(Credentials::client(""), Err(CredentialsError::Empty));
}

#[test]
fn a_server_reads_a_client_token_from_each_carrier() {
    let read = |result: Result<Credentials, CredentialsError>| {
        let credentials = result.unwrap();
        (credentials.kind(), credentials.token().to_owned())
    };
    let expected = (CredentialKind::Client, CLIENT.to_owned());
    for header in [
        format!("Client {CLIENT}"),
        format!("client  {CLIENT} "),
        format!("CLIENT\t{CLIENT}").replace('\t', " "),
    ] {
        assert_eq!(
            read(Credentials::from_authorization_header(&header)),
            expected
        );
    }
    assert_eq!(
        read(Credentials::from_x_client_authorization_header(format!(
            " {CLIENT} "
        ))),
        expected
    );
    for header in [
        format!("client-session={CLIENT}"),
        format!("user-session=op; client-session=\"{CLIENT}\"; x=1"),
        format!("xclient-session=no;client-session={CLIENT};client-session=second"),
    ] {
        assert_eq!(
            read(Credentials::from_client_cookie_header(&header)),
            expected,
            "{header}"
        );
    }
    assert_eq!(
        Credentials::from_client_cookie_header("user-session=op"),
        Err(CredentialsError::NoClientSessionCookie)
    );
    assert_eq!(
        Credentials::from_cookie_header(format!("client-session={CLIENT}")),
        Err(CredentialsError::NoSessionCookie)
    );
    assert_eq!(
        Credentials::from_authorization_header("Client a;b"),
        Err(CredentialsError::InvalidByte { position: 1 })
    );
    assert_eq!(
        Credentials::from_x_client_authorization_header(""),
        Err(CredentialsError::Empty)
    );
}

/// Every header a request can carry credentials in, in the reverse of their precedence.
fn every_carrier() -> Vec<(&'static str, String)> {
    vec![
        ("Cookie", "user-session=operator".to_owned()),
        ("Cookie", "client-session=from-cookie".to_owned()),
        ("X-Client-Authorization", "from-header".to_owned()),
        ("Authorization", "Client from-authorization".to_owned()),
    ]
}

fn winner(
    headers: &[(&str, String)],
    accept: &[CredentialKind],
) -> Option<(CredentialKind, String, Carrier)> {
    Credentials::from_headers(headers.iter().map(|(n, v)| (n, v)), accept)
        .unwrap()
        .map(|(credentials, carrier)| (credentials.kind(), credentials.token().to_owned(), carrier))
}

#[test]
fn the_authorization_header_wins_then_x_client_then_the_client_cookie_then_the_user_cookie() {
    let mut headers = every_carrier();
    let expected = [
        (
            CredentialKind::Client,
            "from-authorization",
            Carrier::Authorization,
        ),
        (
            CredentialKind::Client,
            "from-header",
            Carrier::XClientAuthorization,
        ),
        (
            CredentialKind::Client,
            "from-cookie",
            Carrier::ClientSessionCookie,
        ),
        (
            CredentialKind::UserSession,
            "operator",
            Carrier::UserSessionCookie,
        ),
    ];
    for (kind, token, carrier) in expected {
        assert_eq!(
            winner(&headers, CredentialKind::ALL),
            Some((kind, token.to_owned(), carrier))
        );
        // The order the headers came in does not matter.
        let reversed: Vec<_> = headers.iter().rev().cloned().collect();
        assert_eq!(
            winner(&reversed, CredentialKind::ALL),
            Some((kind, token.to_owned(), carrier))
        );
        headers.pop();
    }
    assert_eq!(winner(&headers, CredentialKind::ALL), None);
    assert_eq!(
        Credentials::from_headers(Vec::<(&str, &str)>::new(), CredentialKind::ALL),
        Ok(None)
    );
}

#[test]
fn a_bearer_token_wins_as_the_authorization_header_where_service_accounts_are_accepted() {
    let mut headers = every_carrier();
    headers.push(("Authorization", format!("Bearer {SERVICE}")));
    headers.swap(3, 4); // Bearer first, then Client: the first Authorization counts.
    assert_eq!(
        winner(&headers, CredentialKind::ALL),
        Some((
            CredentialKind::ServiceAccount,
            SERVICE.to_owned(),
            Carrier::Authorization
        ))
    );
    assert_eq!(
        winner(&headers, CredentialKind::INTERNAL_API),
        Some((
            CredentialKind::ServiceAccount,
            SERVICE.to_owned(),
            Carrier::Authorization
        ))
    );
    // The public API does not look at the Bearer token: the Client one counts.
    assert_eq!(
        winner(&headers, CredentialKind::PUBLIC_API),
        Some((
            CredentialKind::Client,
            "from-authorization".to_owned(),
            Carrier::Authorization
        ))
    );
}

#[test]
fn each_api_looks_only_at_the_kinds_it_accepts() {
    let headers = every_carrier();
    // The operator's application and the widget on one host: both cookies come along.
    assert_eq!(
        winner(&headers, CredentialKind::INTERNAL_API),
        Some((
            CredentialKind::UserSession,
            "operator".to_owned(),
            Carrier::UserSessionCookie
        ))
    );
    let cookies_only = &headers[..2];
    assert_eq!(
        winner(cookies_only, CredentialKind::PUBLIC_API),
        Some((
            CredentialKind::Client,
            "from-cookie".to_owned(),
            Carrier::ClientSessionCookie
        ))
    );
    assert_eq!(winner(&headers[..1], CredentialKind::PUBLIC_API), None);
    assert_eq!(winner(&headers[1..], CredentialKind::INTERNAL_API), None);
    assert_eq!(winner(&headers, &[]), None);
}

#[test]
fn the_carrier_that_counts_decides_even_when_malformed() {
    let cookie = ("Cookie", format!("client-session={CLIENT}"));
    for (header, error) in [
        (
            ("X-Client-Authorization", "bad;token".to_owned()),
            CredentialsError::InvalidByte { position: 3 },
        ),
        (
            ("Authorization", "Client bad\"token".to_owned()),
            CredentialsError::InvalidByte { position: 3 },
        ),
        (
            ("Cookie", "client-session=bad\\token".to_owned()),
            CredentialsError::InvalidByte { position: 3 },
        ),
    ] {
        let headers = [header.clone(), cookie.clone()];
        let read =
            Credentials::from_headers(headers.iter().map(|(n, v)| (n, v)), CredentialKind::ALL);
        assert_eq!(read, Err(error), "{header:?}");
    }
    // A malformed Bearer token counts for the internal API, not for the public one.
    let headers = [("Authorization", "Bearer a b".to_owned()), cookie];
    assert_eq!(
        Credentials::from_headers(headers.iter().cloned(), CredentialKind::ALL),
        Err(CredentialsError::InvalidByte { position: 1 })
    );
    assert_eq!(
        winner(&headers, CredentialKind::PUBLIC_API),
        Some((
            CredentialKind::Client,
            CLIENT.to_owned(),
            Carrier::ClientSessionCookie
        ))
    );
}

#[test]
fn an_authorization_header_of_another_scheme_is_an_error_whatever_is_accepted() {
    for scheme in ["Basic dXNlcjpwYXNz", "Token abc", "Clients abc", "abc"] {
        let headers = [
            ("Authorization", scheme.to_owned()),
            (
                "Cookie",
                format!("client-session={CLIENT}; user-session={SESSION}"),
            ),
        ];
        for accept in [
            CredentialKind::ALL,
            CredentialKind::INTERNAL_API,
            CredentialKind::PUBLIC_API,
        ] {
            assert_eq!(
                Credentials::from_headers(headers.iter().cloned(), accept),
                Err(CredentialsError::UnknownScheme),
                "{scheme}"
            );
        }
    }
}

#[test]
fn an_empty_token_is_no_credential() {
    let cookie = ("Cookie", format!("client-session={CLIENT}"));
    for absent in [
        ("Authorization", "Client "), // iOS's stream before it has a token
        ("Authorization", "Client"),
        ("Authorization", "client \t "),
        ("Authorization", "Bearer "),
        ("Authorization", ""),
        ("Authorization", " "),
        ("X-Client-Authorization", ""),
        ("X-Client-Authorization", "  "),
        ("Cookie", "client-session="),
        ("Cookie", "client-session=\"\""),
        ("Cookie", "user-session="),
    ] {
        assert_eq!(
            Credentials::from_headers([absent], CredentialKind::ALL),
            Ok(None),
            "{absent:?} alone"
        );
        let headers = [(absent.0, absent.1.to_owned()), cookie.clone()];
        assert_eq!(
            winner(&headers, CredentialKind::ALL),
            Some((
                CredentialKind::Client,
                CLIENT.to_owned(),
                Carrier::ClientSessionCookie
            )),
            "{absent:?} before a cookie"
        );
    }
}

#[test]
fn header_names_match_in_any_case_and_every_cookie_header_is_looked_at() {
    let headers = [
        ("cookie", "theme=dark".to_owned()),
        ("COOKIE", "user-session=operator".to_owned()),
        ("Cookie", format!("lang=ru; client-session={CLIENT}")),
        ("cookie", "client-session=later".to_owned()),
        ("x-client-authorization-extra", "not-this".to_owned()),
    ];
    assert_eq!(
        winner(&headers, CredentialKind::ALL),
        Some((
            CredentialKind::Client,
            CLIENT.to_owned(),
            Carrier::ClientSessionCookie
        ))
    );
    let headers = [
        ("x-client-authorization", CLIENT.to_owned()),
        ("AUTHORIZATION", format!("bearer {SERVICE}")),
    ];
    assert_eq!(
        winner(&headers, CredentialKind::PUBLIC_API),
        Some((
            CredentialKind::Client,
            CLIENT.to_owned(),
            Carrier::XClientAuthorization
        ))
    );
    // Owned names and values, as a server's header map might give them.
    let owned: Vec<(String, Vec<u8>)> = vec![("authorization".into(), b"Client abc".to_vec())];
    let (credentials, _) = Credentials::from_headers(owned, CredentialKind::PUBLIC_API)
        .unwrap()
        .unwrap();
    assert_eq!(credentials.token(), "abc");
}

/// What the `http` feature's server side will pass: an `http::HeaderMap`'s pairs as they are.
#[cfg(feature = "http")]
#[test]
fn an_http_header_map_is_read_as_it_is() {
    let mut headers = http::HeaderMap::new();
    headers.append("cookie", "user-session=operator".parse().unwrap());
    headers.append(
        "cookie",
        format!("client-session={CLIENT}").parse().unwrap(),
    );
    headers.append("x-client-authorization", "current".parse().unwrap());
    let read = Credentials::from_headers(headers.iter(), CredentialKind::PUBLIC_API).unwrap();
    assert_eq!(
        read.map(|(credentials, carrier)| (credentials.token().to_owned(), carrier)),
        Some(("current".to_owned(), Carrier::XClientAuthorization))
    );
    let read = Credentials::from_headers(&headers, CredentialKind::INTERNAL_API).unwrap();
    assert_eq!(
        read.map(|(credentials, carrier)| (credentials.token().to_owned(), carrier)),
        Some(("operator".to_owned(), Carrier::UserSessionCookie))
    );
}

#[test]
fn carriers_name_their_header_and_whether_the_browser_attaches_them() {
    let described: Vec<_> = [
        Carrier::Authorization,
        Carrier::XClientAuthorization,
        Carrier::ClientSessionCookie,
        Carrier::UserSessionCookie,
    ]
    .into_iter()
    .map(|carrier| (carrier.header_name(), carrier.is_cookie()))
    .collect();
    assert_eq!(
        described,
        [
            ("Authorization", false),
            ("X-Client-Authorization", false),
            ("Cookie", true),
            ("Cookie", true),
        ]
    );
}

// The `Set-Cookie` of a client's session.

#[test]
fn the_session_cookie_is_sent_from_a_cross_site_iframe() {
    let cookie = ClientSessionCookie::new(CLIENT).unwrap();
    assert_eq!(cookie.header_name(), "Set-Cookie");
    assert_eq!(
        cookie.header_value(),
        format!("client-session={CLIENT}; Path=/; HttpOnly; Secure; SameSite=None; Partitioned")
    );
    assert_eq!(
        cookie.clone().max_age(0).header_value(),
        format!("client-session={CLIENT}; Path=/; HttpOnly; Secure; SameSite=None; Partitioned; Max-Age=0")
    );
    assert_eq!(
        cookie.clone().secure(false).max_age(60).header_value(),
        format!("client-session={CLIENT}; Path=/; HttpOnly; SameSite=Lax; Max-Age=60")
    );
    assert_eq!(
        cookie
            .clone()
            .secure(false)
            .partitioned(true)
            .header_value(),
        format!("client-session={CLIENT}; Path=/; HttpOnly; SameSite=Lax"),
        "Partitioned needs Secure"
    );
    assert_eq!(
        cookie.http_only(false).partitioned(false).header_value(),
        format!("client-session={CLIENT}; Path=/; Secure; SameSite=None")
    );
}

#[test]
fn what_the_cookie_sets_the_browser_sends_back_and_the_server_reads() {
    let value = ClientSessionCookie::new(CLIENT).unwrap().header_value();
    let pair = value.split(';').next().unwrap();
    let headers = [("Cookie", format!("theme=dark; {pair}"))];
    assert_eq!(
        winner(&headers, CredentialKind::PUBLIC_API),
        Some((
            CredentialKind::Client,
            CLIENT.to_owned(),
            Carrier::ClientSessionCookie
        ))
    );
}

#[test]
fn logout_expires_the_cookie_with_the_attributes_that_set_it() {
    assert_eq!(
        ClientSessionCookie::expire().header_value(),
        "client-session=; Path=/; HttpOnly; Secure; SameSite=None; Partitioned; Max-Age=0"
    );
    assert_eq!(
        ClientSessionCookie::expire()
            .secure(false)
            .max_age(3600)
            .header_value(),
        "client-session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"
    );
    assert_eq!(
        format!("{:?}", ClientSessionCookie::expire()),
        "ClientSessionCookie { token: <expired>, secure: true, http_only: true, partitioned: true, max_age: None }"
    );
}

#[test]
fn the_session_cookie_takes_only_cookie_octets_and_never_shows_them() {
    assert_eq!(
        ClientSessionCookie::new("").unwrap_err(),
        CredentialsError::Empty
    );
    assert_eq!(
        ClientSessionCookie::new("ok\r\nSet-Cookie: x=y").unwrap_err(),
        CredentialsError::InvalidByte { position: 2 }
    );
    let cookie = ClientSessionCookie::new("s3cr3tT0ken").unwrap().max_age(5);
    let shown = format!("{cookie:?}");
    assert!(!shown.contains("s3cr3tT0ken"), "{shown}");
    assert_eq!(shown, "ClientSessionCookie { token: <redacted>, secure: true, http_only: true, partitioned: true, max_age: Some(5) }");
}

// The stream's `x-client-token` (public API §2.3).

struct Vector {
    session_id: i64,
    token: &'static str,
    time: i64,
    text: &'static str,
    sign: &'static str,
    encoded: &'static str,
}

const VECTORS: [Vector; 2] = [
    Vector {
        session_id: 4242,
        token: "example-session-token",
        time: 1_700_000_000_000,
        text: r#"{"SessionID":4242,"Time":1700000000000}"#,
        sign: "a332fb36d3e1bc8ce3c127eb45667211cf79b37a",
        encoded: "eyJUb2tlbiI6IntcIlNlc3Npb25JRFwiOjQyNDIsXCJUaW1lXCI6MTcwMDAwMDAwMDAwMH0iLCJTaWduIjoiYTMzMmZiMzZkM2UxYmM4Y2UzYzEyN2ViNDU2NjcyMTFjZjc5YjM3YSJ9",
    },
    Vector {
        session_id: 109_356,
        token: "tok14",
        time: 1_700_550_026_870,
        text: r#"{"SessionID":109356,"Time":1700550026870}"#,
        sign: "3c17f89ad89c90ec2bc57c680aa1b12285f2ad80",
        encoded: "eyJUb2tlbiI6IntcIlNlc3Npb25JRFwiOjEwOTM1NixcIlRpbWVcIjoxNzAwNTUwMDI2ODcwfSIsIlNpZ24iOiIzYzE3Zjg5YWQ4OWM5MGVjMmJjNTdjNjgwYWExYjEyMjg1ZjJhZDgwIn0=",
    },
];

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The standard base64 of `signed`, by hand, for tokens the crate would not build.
fn base64_of(signed: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(signed)
}

/// The HMAC-SHA1 of `text` keyed with `key`, straight from the RustCrypto crates.
fn hmac_sha1(key: &str, text: &str) -> String {
    use hmac::{KeyInit, Mac};
    let mut mac = hmac::Hmac::<sha1::Sha1>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(text.as_bytes());
    hex(&mac.finalize().into_bytes())
}

#[test]
fn a_client_builds_the_test_vectors_exactly() {
    for vector in &VECTORS {
        let token = ClientStreamToken::new(
            ClientSessionId::new(vector.session_id),
            vector.token,
            vector.time,
        );
        assert_eq!(token.token_text(), vector.text);
        assert_eq!(hex(&token.sign()), vector.sign);
        assert_eq!(token.encode(), vector.encoded);
        assert_eq!(
            (token.session_id().get(), token.time_ms()),
            (vector.session_id, vector.time)
        );
        // An i64 does as well as a typed id.
        assert_eq!(
            ClientStreamToken::new(vector.session_id, vector.token, vector.time).encode(),
            vector.encoded
        );
    }
}

#[test]
fn a_server_reads_and_verifies_the_test_vectors() {
    const MINUTE: u64 = 60_000;
    for vector in &VECTORS {
        let read = ClientStreamToken::parse(vector.encoded).unwrap();
        assert_eq!(read.session_id(), ClientSessionId::new(vector.session_id));
        assert_eq!(read.time_ms(), vector.time);
        assert_eq!(read.token_text(), vector.text);
        assert_eq!(hex(&read.sign()), vector.sign);
        let verify = |token: &str, now: i64| read.verify(token, MINUTE, now);
        assert_eq!(verify(vector.token, vector.time), Ok(()));
        assert_eq!(verify(vector.token, vector.time + 60_000), Ok(()));
        assert_eq!(
            verify(vector.token, vector.time + 60_001),
            Err(StreamTokenError::Expired)
        );
        assert_eq!(
            verify(vector.token, vector.time - STREAM_TOKEN_SKEW_MS),
            Ok(())
        );
        assert_eq!(
            verify(vector.token, vector.time - STREAM_TOKEN_SKEW_MS - 1),
            Err(StreamTokenError::FromTheFuture)
        );
        assert_eq!(
            verify("wrong-token", vector.time),
            Err(StreamTokenError::BadSignature)
        );
        assert_eq!(
            verify(&vector.token[1..], vector.time),
            Err(StreamTokenError::BadSignature)
        );
        // A bad sign is told before the time, whatever the clock says.
        assert_eq!(
            verify("wrong-token", i64::MAX),
            Err(StreamTokenError::BadSignature)
        );
        assert_eq!(read.verify(vector.token, u64::MAX, i64::MAX), Ok(()));
        assert_eq!(
            read.verify(vector.token, 0, i64::MIN),
            Err(StreamTokenError::FromTheFuture)
        );
    }
}

#[test]
fn the_padding_may_come_percent_encoded_or_not_at_all() {
    let padded = VECTORS[1].encoded;
    assert!(padded.ends_with('='));
    for value in [
        padded.to_owned(),
        padded.replace('=', "%3D"),
        padded.replace('=', "%3d"),
        padded.trim_end_matches('=').to_owned(),
    ] {
        let read = ClientStreamToken::parse(&value).unwrap();
        assert_eq!(
            read.verify(VECTORS[1].token, 0, VECTORS[1].time),
            Ok(()),
            "{value}"
        );
    }
}

#[test]
fn a_tampered_sign_or_time_does_not_verify() {
    let vector = &VECTORS[0];
    let signed = |text: &str, sign: &str| {
        let text = text.replace('"', "\\\"");
        base64_of(&format!(r#"{{"Token":"{text}","Sign":"{sign}"}}"#))
    };
    assert_eq!(signed(vector.text, vector.sign), vector.encoded);
    let verify = |value: &str| {
        ClientStreamToken::parse(value)
            .unwrap()
            .verify(vector.token, u64::MAX, vector.time)
    };
    // Each hex digit of the sign changed in turn.
    for index in 0..vector.sign.len() {
        let mut sign = vector.sign.as_bytes().to_vec();
        sign[index] = if sign[index] == b'0' { b'1' } else { b'0' };
        let sign = String::from_utf8(sign).unwrap();
        assert_eq!(
            verify(&signed(vector.text, &sign)),
            Err(StreamTokenError::BadSignature),
            "{sign}"
        );
    }
    // Another time or session with the old sign.
    let later = vector.text.replace("1700000000000", "1700000060000");
    assert_eq!(
        verify(&signed(&later, vector.sign)),
        Err(StreamTokenError::BadSignature)
    );
    let other = vector.text.replace("4242", "4243");
    assert_eq!(
        verify(&signed(&other, vector.sign)),
        Err(StreamTokenError::BadSignature)
    );
    // The same text with a space: the sign is over the exact text, not its meaning.
    let spaced = vector.text.replace(',', ", ");
    assert_eq!(
        verify(&signed(&spaced, vector.sign)),
        Err(StreamTokenError::BadSignature)
    );
    // Signed as received, that text verifies: it is not made canonical first.
    let sign = hmac_sha1(vector.token, &spaced);
    assert_eq!(verify(&signed(&spaced, &sign)), Ok(()));
    // The sign in upper case is the same sign.
    assert_eq!(
        verify(&signed(vector.text, &vector.sign.to_uppercase())),
        Ok(())
    );
}

#[test]
fn the_hmac_is_the_crates_own() {
    // The crate's sign, against an HMAC-SHA1 computed here, for a text of every kind.
    for (id, key, time) in [
        (0, "", 0),
        (-1, "k", -1),
        (
            i64::MAX,
            "a much longer key than the sixty-four bytes of SHA-1's block, so hashed first",
            i64::MIN,
        ),
    ] {
        let token = ClientStreamToken::new(id, key, time);
        assert_eq!(hex(&token.sign()), hmac_sha1(key, token.token_text()));
    }
}

#[test]
fn garbage_is_refused_with_what_is_wrong() {
    let cases: [(String, StreamTokenError); 16] = [
        ("A".repeat(513), StreamTokenError::TooLong),
        (String::new(), StreamTokenError::NotSignedJson),
        ("not base64!".into(), StreamTokenError::NotBase64),
        (
            format!("{}%3C", &VECTORS[1].encoded[..4]),
            StreamTokenError::NotBase64,
        ),
        (
            VECTORS[1].encoded.replace('=', "%"),
            StreamTokenError::NotBase64,
        ),
        (
            VECTORS[0].encoded.replace('e', "-"),
            StreamTokenError::NotBase64,
        ),
        (base64_of("{}"), StreamTokenError::NotSignedJson),
        (base64_of("[1,2]"), StreamTokenError::NotSignedJson),
        (
            base64_of(r#"{"Token":"x","Sign":"y","More":1}"#),
            StreamTokenError::NotSignedJson,
        ),
        (
            base64_of(r#"{"Token":"x","Sign":"y","Sign":"z"}"#),
            StreamTokenError::NotSignedJson,
        ),
        (
            base64_of(&format!(
                r#"{{"Token":"{{}}","Sign":"{}"}}"#,
                &VECTORS[0].sign[1..]
            )),
            StreamTokenError::InvalidSign,
        ),
        (
            base64_of(&format!(
                r#"{{"Token":"{{}}","Sign":"{}g"}}"#,
                &VECTORS[0].sign[1..]
            )),
            StreamTokenError::InvalidSign,
        ),
        (
            base64_of(&format!(
                r#"{{"Token":"{{}}","Sign":"{}"}}"#,
                VECTORS[0].sign
            )),
            StreamTokenError::InvalidText,
        ),
        (
            base64_of(&format!(
                r#"{{"Token":"{{\"SessionID\":1,\"Time\":1.5}}","Sign":"{}"}}"#,
                VECTORS[0].sign
            )),
            StreamTokenError::InvalidText,
        ),
        (
            base64_of(&format!(
                r#"{{"Token":"{{\"SessionID\":\"1\",\"Time\":1}}","Sign":"{}"}}"#,
                VECTORS[0].sign
            )),
            StreamTokenError::InvalidText,
        ),
        (
            base64_of(&format!(
                r#"{{"Token":"{{\"SessionID\":1,\"Time\":1,\"Client\":2}}","Sign":"{}"}}"#,
                VECTORS[0].sign
            )),
            StreamTokenError::InvalidText,
        ),
    ];
    for (value, error) in cases {
        assert_eq!(
            ClientStreamToken::parse(&value).unwrap_err(),
            error,
            "{value}"
        );
    }
    // The longest real token is well within the bound.
    let longest = ClientStreamToken::new(i64::MIN, "t", i64::MIN).encode();
    assert!(longest.len() <= 180, "{}", longest.len());
    ClientStreamToken::parse(longest.replace('=', "%3D")).unwrap();
}

#[test]
fn the_stream_token_never_shows_its_sign_or_the_session_token() {
    let vector = &VECTORS[0];
    let read = ClientStreamToken::parse(vector.encoded).unwrap();
    let shown = format!("{read:?}");
    assert_eq!(
        shown,
        "ClientStreamToken { session_id: ClientSessionId(4242), time_ms: 1700000000000, sign: <redacted> }"
    );
    let errors = [
        read.verify("s3cr3tT0ken", 0, vector.time).unwrap_err(),
        read.verify(vector.token, 0, vector.time + 1).unwrap_err(),
        ClientStreamToken::parse(vector.encoded.replace('e', "%")).unwrap_err(),
    ];
    for error in errors {
        for shown in [format!("{error:?}"), error.to_string()] {
            for secret in [
                "s3cr3tT0ken",
                vector.token,
                vector.sign,
                &vector.encoded[..20],
            ] {
                assert!(!shown.contains(secret), "{shown}");
            }
        }
    }
}

/// A token of RFC 6265 cookie-octets, as client tokens are.
fn cookie_token() -> impl Strategy<Value = String> {
    "[!#-+\\--:<-\\[\\]-~]{1,64}"
}

proptest! {
    #[test]
    fn a_client_token_read_back_from_each_carrier_is_the_same(token in cookie_token()) {
        let client = Credentials::client(&token).unwrap();
        for carrier in [Carrier::Authorization, Carrier::XClientAuthorization, Carrier::ClientSessionCookie] {
            let header = client.header_in(carrier).unwrap();
            prop_assert_eq!(
                Credentials::from_headers([header], CredentialKind::PUBLIC_API),
                Ok(Some((client.clone(), carrier)))
            );
        }
        let set = ClientSessionCookie::new(&token).unwrap().header_value();
        let pair = set.split(';').next().unwrap();
        prop_assert_eq!(Credentials::from_client_cookie_header(pair), Ok(client));
    }

    #[test]
    fn reading_any_headers_never_panics(
        headers in proptest::collection::vec(
            (
                prop_oneof![
                    Just(b"Authorization".to_vec()),
                    Just(b"x-client-authorization".to_vec()),
                    Just(b"Cookie".to_vec()),
                    proptest::collection::vec(any::<u8>(), 0..16),
                ],
                prop_oneof![
                    proptest::collection::vec(any::<u8>(), 0..64),
                    "(Client|Bearer|client-session=|user-session=)[ -~]{0,32}".prop_map(String::into_bytes),
                ],
            ),
            0..6,
        )
    ) {
        for accept in [CredentialKind::ALL, CredentialKind::INTERNAL_API, CredentialKind::PUBLIC_API] {
            if let Ok(Some((credentials, carrier))) = Credentials::from_headers(headers.clone(), accept) {
                prop_assert!(accept.contains(&credentials.kind()));
                prop_assert!(credentials.header_in(carrier).is_some());
            }
        }
    }

    #[test]
    fn a_built_stream_token_reads_back_and_verifies(
        id in any::<i64>(),
        key in ".{0,80}",
        time in any::<i64>(),
    ) {
        let built = ClientStreamToken::new(id, &key, time);
        let read = ClientStreamToken::parse(built.encode()).unwrap();
        prop_assert_eq!((read.session_id().get(), read.time_ms()), (id, time));
        prop_assert_eq!(read.token_text(), built.token_text());
        prop_assert_eq!(read.verify(&key, 0, time), Ok(()));
        prop_assert_eq!(read.verify(&format!("{key}!"), 0, time), Err(StreamTokenError::BadSignature));
    }

    #[test]
    fn parsing_any_value_never_panics(value in proptest::collection::vec(any::<u8>(), 0..600)) {
        if let Ok(token) = ClientStreamToken::parse(&value) {
            let _ = token.verify("k", 1, 0);
        }
    }

    #[test]
    fn parsing_any_base64_of_json_never_panics(json in "\\{\"Token\":\"[ -~]{0,60}\",\"Sign\":\"[0-9a-fA-F]{38,42}\"\\}") {
        if let Ok(token) = ClientStreamToken::parse(base64_of(&json)) {
            let again = ClientStreamToken::parse(token.encode()).unwrap();
            prop_assert_eq!(again.token_text(), token.token_text());
        }
    }
}
