// Command go reads request bodies the way the IQChannels server does, with Go's
// encoding/json, so that tests/go_differential.rs can check the crate's
// codec::decode_request against Go itself.
//
// Input (stdin): JSON lines {"method": "<the crate's path template>", "body_hex": "..."}.
// Output (stdout): one JSON line per input line, in the same order:
// {"ok": true, "value": <json.Marshal of the decoded request>} or {"ok": false, "error": "..."}.
//
// The types mirror the crate's requests (src/api/tickets.rs, chats.rs, clients.rs,
// inboxes.rs, public/*.rs) with the json names of the crate's wire names and the Go types the server
// has: int64 ids, string for enums and secrets, pointers for the optional fields, with
// omitempty exactly where the crate's Serialize skips an absent one, so that Marshal
// writes what codec::encode_request writes. Limit and Offset are int32 as the crate has
// them (Option<i32>): the range a server accepts is part of what is compared.
package main

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// MessageForm is CreateMessage.Message (src/api/tickets.rs).
type MessageForm struct {
	LocalId int64  `json:"LocalId"`
	Type    string `json:"Type"`
	Text    string `json:"Text"`
}

// CreateMessage is the Internal API's POST /api/tickets/create_message.
type CreateMessage struct {
	TicketId int64       `json:"TicketId"`
	Message  MessageForm `json:"Message"`
}

// PathOnly is a request whose id is in the path: its body, {}, has no field.
type PathOnly struct{}

// WithUser is the body of chats/invite, chats/assign and chats/transfer.
type WithUser struct {
	UserId int64 `json:"UserId"`
}

// ChatQuery is the body of chats/query_by_channel.
type ChatQuery struct {
	Limit  *int32 `json:"Limit,omitempty"`
	Offset *int32 `json:"Offset,omitempty"`
	Open   *bool  `json:"Open,omitempty"`
}

// ChatMemberQuery is the body of chats/members/query_by_chat: no documented field.
type ChatMemberQuery struct{}

// ChatMessageForm is the body of chats/send.
type ChatMessageForm struct {
	LocalId int64   `json:"LocalId"`
	Payload string  `json:"Payload"`
	Text    string  `json:"Text"`
	FileId  *string `json:"FileId,omitempty"`
}

// ChatMessageQuery is the body of chats/messages/query_by_chat.
type ChatMessageQuery struct {
	MaxId *int64 `json:"MaxId,omitempty"`
	Limit *int32 `json:"Limit,omitempty"`
}

// ChatInboxThreadQuery is the body of chats/inbox_threads/query_by_user.
type ChatInboxThreadQuery struct {
	Limit  *int32 `json:"Limit,omitempty"`
	Offset *int32 `json:"Offset,omitempty"`
	Open   *bool  `json:"Open,omitempty"`
}

// Auth is the body of clients/auth.
type Auth struct {
	Token string `json:"Token"`
}

// IntegrationAuth is the body of clients/integration_auth.
type IntegrationAuth struct {
	Credentials string `json:"Credentials"`
}

// messageIds is the body of chats/messages/read and chats/messages/received: a bare array.
// A nil slice (from a null body) is the empty list to the server (range, len): it is
// written as [] as the crate writes it, not as Marshal's null.
type messageIds []int64

func (ids messageIds) MarshalJSON() ([]byte, error) {
	if ids == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]int64(ids))
}

// The public client API (src/api/public/*.rs, public-api.md §3). The crate writes the
// widget's PascalCase keys; the iOS SDK's lower camel keys (chatType, maxID) reach the same
// fields through Go's case-insensitive matching, which is what is compared. Methods that
// take no body (GETs, clients/me, system_chats/send, delete_transfer_to_channel_id,
// info_requests/:channel, files/upload's multipart) are not here: there is no JSON for Go
// to read.

// verbatim is a member the crate keeps as JSON verbatim (RawJson: a message's Metadata, an
// undocumented Query). The server's type for it is not known; read here as a handler that
// decodes it into interface{} would (with UseNumber, so that numbers keep their text), so
// that strings hold what Go reads from them (invalid UTF-8 and lone surrogates as U+FFFD),
// as the crate's reading keeps them.
type verbatim struct {
	value interface{}
}

func (v *verbatim) UnmarshalJSON(text []byte) error {
	decoder := json.NewDecoder(bytes.NewReader(text))
	decoder.UseNumber()
	return decoder.Decode(&v.value)
}

func (v verbatim) MarshalJSON() ([]byte, error) {
	return json.Marshal(v.value)
}

// PublicIntegrationAuth is the body of clients/integration_auth.
type PublicIntegrationAuth struct {
	Credentials string `json:"Credentials"`
	Channel     string `json:"Channel"`
}

// anonymousAuth is the body of clients/anonymous/auth: the widget sends null; a handler
// decoding into an empty struct also takes any object. The crate writes it as null.
type anonymousAuth struct{}

func (anonymousAuth) MarshalJSON() ([]byte, error) {
	return []byte("null"), nil
}

// PersonalDataField is a field of a personal-data form (public-api.md §4.11).
type PersonalDataField struct {
	Name               string `json:"Name"`
	Label              string `json:"Label"`
	Required           bool   `json:"Required"`
	ValidationRegexp   string `json:"ValidationRegexp"`
	CorrespondingField string `json:"CorrespondingField"`
}

// personalDataFields is a list the crate writes as [] when empty.
type personalDataFields []PersonalDataField

func (fields personalDataFields) MarshalJSON() ([]byte, error) {
	if fields == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]PersonalDataField(fields))
}

// PersonalDataForm is the personal-data form: {Fields}.
type PersonalDataForm struct {
	Fields personalDataFields `json:"Fields"`
}

// PersonalData is AnonymousSignup.PersonalData: the filled form.
type PersonalData struct {
	State string           `json:"State"`
	Form  PersonalDataForm `json:"Form"`
}

// AnonymousSignup is the body of clients/anonymous/signup.
type AnonymousSignup struct {
	Name         *string       `json:"Name,omitempty"`
	Channel      string        `json:"Channel"`
	PersonalData *PersonalData `json:"PersonalData,omitempty"`
}

// Signup is the body of clients/signup.
type Signup struct {
	Name    *string `json:"Name,omitempty"`
	Channel string  `json:"Channel"`
}

// IntegrationRefresh is the body of clients/integration_refresh.
type IntegrationRefresh struct {
	Credentials string `json:"Credentials"`
}

// SetLanguage is the body of clients/set_language.
type SetLanguage struct {
	Code string `json:"Code"`
}

// stringList is a list the crate writes as [] when empty (a null one included).
type stringList []string

func (list stringList) MarshalJSON() ([]byte, error) {
	if list == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]string(list))
}

// GetLastMessages is the body of clients/get_last_messages.
type GetLastMessages struct {
	ChannelNames stringList `json:"ChannelNames"`
}

// AnonymousCreate is the body of clients/anonymous/create.
type AnonymousCreate struct {
	Name    string `json:"Name"`
	Channel string `json:"Channel"`
}

// IntegrationAuthInProject is the body of clients/integration_auth_in_project.
type IntegrationAuthInProject struct {
	Credentials string `json:"Credentials"`
	Project     string `json:"Project"`
}

// MessageQuery is the body of chats/channel/messages/:channel: the union of the SDKs'
// fields (public-api.md §3.9).
type MessageQuery struct {
	ChatType string  `json:"ChatType"`
	Limit    *int32  `json:"Limit,omitempty"`
	Q        *string `json:"Q,omitempty"`
	FromId   *int64  `json:"FromId,omitempty"`
	ToId     *int64  `json:"ToId,omitempty"`
	MaxId    *int64  `json:"MaxId,omitempty"`
	ClientId *int64  `json:"ClientId,omitempty"`
}

// PublicMessageForm is the body of chats/channel/send/:channel (§3.9).
type PublicMessageForm struct {
	LocalId          int64     `json:"LocalId"`
	Payload          string    `json:"Payload"`
	Text             string    `json:"Text"`
	FileId           *string   `json:"FileId,omitempty"`
	ReplyToMessageId *int64    `json:"ReplyToMessageId,omitempty"`
	BotpressPayload  *string   `json:"BotpressPayload,omitempty"`
	ChatType         string    `json:"ChatType"`
	DisableFreeText  *bool     `json:"DisableFreeText,omitempty"`
	Metadata         *verbatim `json:"Metadata,omitempty"`
}

// PublicTyping is the body of chats/channel/typing/:channel.
type PublicTyping struct {
	ChatType string  `json:"ChatType"`
	Text     *string `json:"Text,omitempty"`
}

// ExistingTickets is the body of chats/channel/tickets/existing/:channel.
type ExistingTickets struct {
	ClientId int64    `json:"ClientId"`
	Query    verbatim `json:"Query"`
}

// listenBody is the body of chats/messages/listen: a bare number.
type listenBody int64

// ProductAnswer is the body of chats/messages/accept_product and decline_product.
type ProductAnswer struct {
	MessageId int64 `json:"MessageId"`
	ProductId int64 `json:"ProductId"`
}

// CheckMessage is the body of bad_words/check_message.
type CheckMessage struct {
	MsgText string `json:"MsgText"`
}

// FileToken is the body of files/token.
type FileToken struct {
	FileId string `json:"FileId"`
}

// RatingForm is Rate.Rating.
type RatingForm struct {
	Value   int32   `json:"Value"`
	Comment *string `json:"Comment,omitempty"`
}

// Rate is the body of ratings/rate.
type Rate struct {
	RatingId int64      `json:"RatingId"`
	Rating   RatingForm `json:"Rating"`
}

// IgnoreRating is the body of ratings/ignore.
type IgnoreRating struct {
	RatingId int64 `json:"RatingId"`
}

// PollAnswer is RatingPollClientAnswerInput (§4.8).
type PollAnswer struct {
	ProjectId            *int64  `json:"ProjectId,omitempty"`
	ClientId             *int64  `json:"ClientId,omitempty"`
	RatingId             int64   `json:"RatingId"`
	RatingPollQuestionId int64   `json:"RatingPollQuestionId"`
	Type                 string  `json:"Type"`
	RatingPollAnswerId   *int64  `json:"RatingPollAnswerId,omitempty"`
	FCR                  *bool   `json:"FCR,omitempty"`
	AnswerInput          *string `json:"AnswerInput,omitempty"`
	AnswerStars          *int32  `json:"AnswerStars,omitempty"`
	AnswerScale          *int32  `json:"AnswerScale,omitempty"`
	AsTicketRating       *bool   `json:"AsTicketRating,omitempty"`
}

// pollAnswers is a list the crate writes as [] when empty.
type pollAnswers []PollAnswer

func (answers pollAnswers) MarshalJSON() ([]byte, error) {
	if answers == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]PollAnswer(answers))
}

// SendPoll is the body of ratings/send_poll.
type SendPoll struct {
	RatingPollClientAnswerInput pollAnswers `json:"RatingPollClientAnswerInput"`
}

// FinishPoll is the body of ratings/finish_poll.
type FinishPoll struct {
	RatingId     int64 `json:"RatingId"`
	RatingPollId int64 `json:"RatingPollId"`
	Rated        bool  `json:"Rated"`
}

// QueryPoll is the body of ratings/query_poll.
type QueryPoll struct {
	Query verbatim `json:"Query"`
}

// GetChatSettings is the body of chats/channel/chat/get_settings/:channel.
type GetChatSettings struct {
	ClientId *int64 `json:"ClientId,omitempty"`
}

// RespondInfoRequest is the body of info_requests/respond.
type RespondInfoRequest struct {
	RequestId     int64            `json:"RequestId"`
	ClientId      int64            `json:"ClientId"`
	ClientConsent bool             `json:"ClientConsent"`
	Form          PersonalDataForm `json:"Form"`
}

// IgnoreInfoRequest is the body of info_requests/ignore.
type IgnoreInfoRequest struct {
	RequestId int64 `json:"RequestId"`
}

// PushToken is the body of push/channel/{apns,fcm,hcm}/:channel.
type PushToken struct {
	Type  *string `json:"Type,omitempty"`
	Token string  `json:"Token"`
}

// LogMessage is the body of log/message.
type LogMessage struct {
	Widget  bool   `json:"Widget"`
	Level   int32  `json:"Level"`
	Message string `json:"Message"`
}

// requests makes a new, zero request of each method, by the crate's path template.
var requests = map[string]func() interface{}{
	"/api/tickets/create_message":                       func() interface{} { return new(CreateMessage) },
	"/api/v1/chats/assign/:chatId":                      func() interface{} { return new(WithUser) },
	"/api/v1/chats/close/:chatId":                       func() interface{} { return new(PathOnly) },
	"/api/v1/chats/get/:chatId":                         func() interface{} { return new(PathOnly) },
	"/api/v1/chats/inbox_threads/query_by_user/:userId": func() interface{} { return new(ChatInboxThreadQuery) },
	"/api/v1/chats/inboxes/get_by_user/:userId":         func() interface{} { return new(PathOnly) },
	"/api/v1/chats/invite/:chatId":                      func() interface{} { return new(WithUser) },
	"/api/v1/chats/join/:chatId":                        func() interface{} { return new(PathOnly) },
	"/api/v1/chats/leave/:chatId":                       func() interface{} { return new(PathOnly) },
	"/api/v1/chats/members/query_by_chat/:chatId":       func() interface{} { return new(ChatMemberQuery) },
	"/api/v1/chats/messages/query_by_chat/:chatId":      func() interface{} { return new(ChatMessageQuery) },
	"/api/v1/chats/messages/read":                       func() interface{} { return new(messageIds) },
	"/api/v1/chats/messages/received":                   func() interface{} { return new(messageIds) },
	"/api/v1/chats/open/:chatId":                        func() interface{} { return new(PathOnly) },
	"/api/v1/chats/query_by_channel/:channelId":         func() interface{} { return new(ChatQuery) },
	"/api/v1/chats/send/:chatId":                        func() interface{} { return new(ChatMessageForm) },
	"/api/v1/chats/transfer/:chatId":                    func() interface{} { return new(WithUser) },
	"/api/v1/chats/typing/:chatId":                      func() interface{} { return new(PathOnly) },
	"/api/v1/clients/auth":                              func() interface{} { return new(Auth) },
	"/api/v1/clients/integration_auth":                  func() interface{} { return new(IntegrationAuth) },

	"/public/api/v1/bad_words/check_message":                       func() interface{} { return new(CheckMessage) },
	"/public/api/v1/chats/channel/audio_messages_enabled/:channel": func() interface{} { return new(PathOnly) },
	"/public/api/v1/chats/channel/blocker/:channel":                func() interface{} { return new(PathOnly) },
	"/public/api/v1/chats/channel/chat/get_settings/:channel":      func() interface{} { return new(GetChatSettings) },
	"/public/api/v1/chats/channel/messages/:channel":               func() interface{} { return new(MessageQuery) },
	"/public/api/v1/chats/channel/send/:channel":                   func() interface{} { return new(PublicMessageForm) },
	"/public/api/v1/chats/channel/tickets/existing/:channel":       func() interface{} { return new(ExistingTickets) },
	"/public/api/v1/chats/channel/typing/:channel":                 func() interface{} { return new(PublicTyping) },
	"/public/api/v1/chats/messages/accept_product":                 func() interface{} { return new(ProductAnswer) },
	"/public/api/v1/chats/messages/decline_product":                func() interface{} { return new(ProductAnswer) },
	"/public/api/v1/chats/messages/listen":                         func() interface{} { return new(listenBody) },
	"/public/api/v1/chats/messages/read":                           func() interface{} { return new(messageIds) },
	"/public/api/v1/chats/messages/received":                       func() interface{} { return new(messageIds) },
	"/public/api/v1/chats/version":                                 func() interface{} { return new(PathOnly) },
	"/public/api/v1/clients/anonymous/auth":                        func() interface{} { return new(anonymousAuth) },
	"/public/api/v1/clients/anonymous/create":                      func() interface{} { return new(AnonymousCreate) },
	"/public/api/v1/clients/anonymous/signup":                      func() interface{} { return new(AnonymousSignup) },
	"/public/api/v1/clients/auth":                                  func() interface{} { return new(Auth) },
	"/public/api/v1/clients/get_last_messages":                     func() interface{} { return new(GetLastMessages) },
	"/public/api/v1/clients/integration_auth":                      func() interface{} { return new(PublicIntegrationAuth) },
	"/public/api/v1/clients/integration_auth_in_project":           func() interface{} { return new(IntegrationAuthInProject) },
	"/public/api/v1/clients/integration_refresh":                   func() interface{} { return new(IntegrationRefresh) },
	"/public/api/v1/clients/set_language":                          func() interface{} { return new(SetLanguage) },
	"/public/api/v1/clients/signup":                                func() interface{} { return new(Signup) },
	"/public/api/v1/files/token":                                   func() interface{} { return new(FileToken) },
	"/public/api/v1/info_requests/ignore":                          func() interface{} { return new(IgnoreInfoRequest) },
	"/public/api/v1/info_requests/respond":                         func() interface{} { return new(RespondInfoRequest) },
	"/public/api/v1/log/message":                                   func() interface{} { return new(LogMessage) },
	"/public/api/v1/push/channel/apns/:channel":                    func() interface{} { return new(PushToken) },
	"/public/api/v1/push/channel/fcm/:channel":                     func() interface{} { return new(PushToken) },
	"/public/api/v1/push/channel/hcm/:channel":                     func() interface{} { return new(PushToken) },
	"/public/api/v1/ratings/finish_poll":                           func() interface{} { return new(FinishPoll) },
	"/public/api/v1/ratings/ignore":                                func() interface{} { return new(IgnoreRating) },
	"/public/api/v1/ratings/query_poll":                            func() interface{} { return new(QueryPoll) },
	"/public/api/v1/ratings/rate":                                  func() interface{} { return new(Rate) },
	"/public/api/v1/ratings/send_poll":                             func() interface{} { return new(SendPoll) },
	"/public/api/v1/widget/greetings/:channel":                     func() interface{} { return new(PathOnly) },
	"/public/api/v1/widget/personal_data_form/:channel":            func() interface{} { return new(PathOnly) },
}

type input struct {
	Method  string `json:"method"`
	BodyHex string `json:"body_hex"`
}

type output struct {
	OK    bool            `json:"ok"`
	Value json.RawMessage `json:"value,omitempty"`
	Error string          `json:"error,omitempty"`
}

// decode reads body as the server does. json.Unmarshal, not a json.Decoder: Unmarshal
// checks that the whole body is one valid JSON value before it decodes anything, so a
// syntax error anywhere, or anything after the value ({} x), is refused; a Decoder reads
// one value off a stream and leaves the rest unread. The crate reads a body as one value,
// as Unmarshal does. An empty body is refused here, as Unmarshal refuses it ("unexpected
// end of JSON input"); the crate's reading of it as the zero request is listed in
// deliberate.tsv rather than modelled here.
func decode(method string, body []byte) output {
	newRequest, known := requests[method]
	if !known {
		fmt.Fprintf(os.Stderr, "no Go type for method %q: add it to tests/go/main.go\n", method)
		os.Exit(2)
	}
	request := newRequest()
	if err := json.Unmarshal(body, request); err != nil {
		return output{Error: err.Error()}
	}
	value, err := json.Marshal(request)
	if err != nil {
		return output{Error: "marshal: " + err.Error()}
	}
	return output{OK: true, Value: value}
}

func main() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	encoder := json.NewEncoder(out)
	for {
		line, err := in.ReadBytes('\n')
		if len(line) > 0 {
			var c input
			if err := json.Unmarshal(line, &c); err != nil {
				fmt.Fprintf(os.Stderr, "bad input line: %v\n", err)
				os.Exit(2)
			}
			body, err := hex.DecodeString(c.BodyHex)
			if err != nil {
				fmt.Fprintf(os.Stderr, "bad body_hex: %v\n", err)
				os.Exit(2)
			}
			if err := encoder.Encode(decode(c.Method, body)); err != nil {
				fmt.Fprintf(os.Stderr, "write: %v\n", err)
				os.Exit(2)
			}
		}
		if err == io.EOF {
			return
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "read: %v\n", err)
			os.Exit(2)
		}
	}
}
