use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::primitives::{ClientId, FileId, Timestamp, UserId};
use crate::ActorType;

string_enum! {
    /// What kind of file a [`File`] is.
    pub enum FileType {
        /// `"file"`: any file.
        File = "file",
        /// `"image"`: an image, with its size in [`File::image_width`] and [`File::image_height`].
        Image = "image",
    }
}

string_enum! {
    /// Who may read a [`File`].
    pub enum FileOwnerType {
        /// `"public"`: anyone, such as avatars.
        Public = "public",
        /// `"client"`: a file of a client's chat; access is restricted.
        Client = "client",
    }
}

/// An uploaded file: an element of `Graph.Files` (from the chat API page, `chat-api-v1`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct File {
    /// `Id`: a UUID with the file's extension.
    #[serde(deserialize_with = "zero_if_null")]
    pub id: FileId,
    /// `Type`.
    #[serde(rename = "Type", deserialize_with = "zero_if_null")]
    pub kind: FileType,
    /// `Owner`.
    #[serde(deserialize_with = "zero_if_null")]
    pub owner: FileOwnerType,
    /// `OwnerClientId`: the client whose chat the file belongs to.
    pub owner_client_id: Option<ClientId>,
    /// `Actor`: who uploaded it.
    #[serde(deserialize_with = "zero_if_null")]
    pub actor: ActorType,
    /// `ActorClientId`: the client who uploaded it, if a client did.
    pub actor_client_id: Option<ClientId>,
    /// `ActorUserId`: the user who uploaded it, if a user did.
    pub actor_user_id: Option<UserId>,
    /// `Name`: the original file name.
    #[serde(deserialize_with = "zero_if_null")]
    pub name: String,
    /// `Path`.
    #[serde(deserialize_with = "zero_if_null")]
    pub path: String,
    /// `Size`: in bytes.
    #[serde(deserialize_with = "zero_if_null")]
    pub size: i64,
    /// `ImageWidth`: in pixels, for images.
    pub image_width: Option<i32>,
    /// `ImageHeight`: in pixels, for images.
    pub image_height: Option<i32>,
    /// `ContentType`: the MIME type.
    #[serde(deserialize_with = "zero_if_null")]
    pub content_type: String,
    /// `CreatedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub created_at: Timestamp,
}

impl File {
    /// A file with this id; every other field is its zero value.
    pub fn new(id: FileId) -> Self {
        Self {
            id,
            ..Self::default()
        }
    }
}

objects_only!(File);
references!(File {
    "OwnerClientId" => owner_client_id,
    "ActorClientId" => actor_client_id,
    "ActorUserId" => actor_user_id,
});
