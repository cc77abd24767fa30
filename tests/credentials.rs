//! Credentials: what is accepted, how it is rendered and read back, and that the token
//! never shows.

use iqchannels_proto::{CredentialKind, Credentials, CredentialsError};

const SESSION: &str = "7b6ea6627729db70414da6518561ddc2e07a320e.00000000000000000";
const SERVICE: &str = "3dd194ed5b5f6302fdd02170751126232440979c57102b8c14da9dd3126f7037";

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
    for header in ["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", SERVICE, ""] {
        let error = Credentials::from_authorization_header(header).unwrap_err();
        assert!(
            matches!(error, CredentialsError::NotBearer | CredentialsError::Empty),
            "{header}: {error:?}"
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
    ] {
        let read = match credentials.kind() {
            CredentialKind::UserSession => {
                Credentials::from_cookie_header(credentials.header_value())
            }
            CredentialKind::ServiceAccount => {
                Credentials::from_authorization_header(credentials.header_value())
            }
            _ => unreachable!(),
        };
        assert_eq!(read.unwrap(), credentials);
    }
}

#[test]
fn the_token_never_shows_in_debug_display_or_errors() {
    let secret = "s3cr3tT0ken";
    for credentials in [
        Credentials::user_session(secret).unwrap(),
        Credentials::service_account(secret).unwrap(),
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
