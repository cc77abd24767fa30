use super::ActorType;
use crate::primitives::string_enum;
use crate::primitives::{ClientId, FileId, Timestamp, UserId};
use iqchannels_proto_macros::wire;

string_enum! {
    /// What kind of file a [`File`] is.
    pub enum FileType {
        /// `"file"`: any file.
        File = "file",
        /// `"image"`: an image, with its size in [`File::image_width`] and [`File::image_height`].
        Image = "image",
        /// `"audio"`: a voice or audio recording (public API, `public-api.md` §5: the widget
        /// uploads and plays it; the Android SDK cannot read it, the iOS SDK shows a file).
        Audio = "audio",
    }
}

string_enum! {
    /// Where a [`File`] stands in the server's malware check: `File.State` (public API,
    /// `public-api.md` §4.7, §5 "FileState"). There is no `""` value: an absent `State`
    /// displays normally. The iOS SDK fails a whole response on a value it does not know.
    pub enum FileState {
        /// `"approved"`: checked, shown normally.
        Approved = "approved",
        /// `"rejected"`: unsafe, hidden.
        Rejected = "rejected",
        /// `"on_checking"`: being checked.
        OnChecking = "on_checking",
        /// `"sent_for_checking"`: queued for checking.
        SentForChecking = "sent_for_checking",
        /// `"check_error"`: the check failed.
        CheckError = "check_error",
    }
}

string_enum! {
    /// The size of an image preview: the `size` query parameter of `files/image/:fileId`
    /// (`public-api.md` §3.4, §5 "FileImageSize").
    ///
    /// ```
    /// use iqchannels_proto::FileImageSize;
    ///
    /// assert_eq!(FileImageSize::Original.as_str(), ""); // the image itself
    /// assert_eq!(FileImageSize::from("preview"), FileImageSize::Preview);
    /// ```
    pub enum FileImageSize {
        /// `""`: the original image.
        Original = "",
        /// `"avatar"`: 168×168, square.
        Avatar = "avatar",
        /// `"thumbnail"`: 128×128, proportional.
        Thumbnail = "thumbnail",
        /// `"preview"`: 470×470, proportional.
        Preview = "preview",
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

/// An uploaded file: an element of `Graph.Files` (from the chat API page, `chat-api-v1`),
/// and the public API's file, with its check [`state`](Self::state) (`public-api.md` §4.7).
#[wire(new)]
pub struct File {
    /// `Id`: a UUID with the file's extension.
    pub id: FileId,
    /// `Type`.
    #[wire(rename = "Type")]
    pub kind: FileType,
    /// `Owner`.
    pub owner: FileOwnerType,
    /// `OwnerClientId`: the client whose chat the file belongs to.
    #[wire(reference)]
    pub owner_client_id: Option<ClientId>,
    /// `Actor`: who uploaded it.
    pub actor: ActorType,
    /// `ActorClientId`: the client who uploaded it, if a client did.
    #[wire(reference)]
    pub actor_client_id: Option<ClientId>,
    /// `ActorUserId`: the user who uploaded it, if a user did.
    #[wire(reference)]
    pub actor_user_id: Option<UserId>,
    /// `Name`: the original file name.
    pub name: String,
    /// `Path`.
    pub path: String,
    /// `Size`: in bytes.
    pub size: i64,
    /// `ImageWidth`: in pixels, for images.
    pub image_width: Option<i32>,
    /// `ImageHeight`: in pixels, for images.
    pub image_height: Option<i32>,
    /// `ContentType`: the MIME type.
    pub content_type: String,
    /// `CreatedAt`.
    pub created_at: Timestamp,
    /// `State`: the malware check's state; anything but `approved` hides the file behind a
    /// status text (public API, §4.7). Written only when present, so that the files of the
    /// other APIs, which do not have it, are written back as they came. With the `public`
    /// feature (files are in every graph, and the widget's wasm has neither API's methods).
    #[cfg(feature = "public")]
    #[cfg_attr(docsrs, doc(cfg(feature = "public")))]
    #[wire(when_present)]
    pub state: Option<FileState>,
}
