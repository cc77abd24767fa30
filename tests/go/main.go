// Command go reads request bodies the way the IQChannels server does, with Go's
// encoding/json, so that tests/go_differential.rs can check the crate's
// codec::decode_request against Go itself.
//
// Input (stdin): JSON lines {"method": "<the crate's path template>", "body_hex": "..."}.
// Output (stdout): one JSON line per input line, in the same order:
// {"ok": true, "value": <json.Marshal of the decoded request>} or {"ok": false, "error": "..."}.
//
// The types mirror the crate's requests (src/api/tickets.rs, chats.rs, clients.rs,
// inboxes.rs) with the json names of the crate's wire names and the Go types the server
// has: int64 ids, string for enums and secrets, pointers for the optional fields, with
// omitempty exactly where the crate's Serialize skips an absent one, so that Marshal
// writes what codec::encode_request writes. Limit and Offset are int32 as the crate has
// them (Option<i32>): the range a server accepts is part of what is compared.
package main

import (
	"bufio"
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
	LocalId int64  `json:"LocalId"`
	Payload string `json:"Payload"`
	Text    string `json:"Text"`
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
