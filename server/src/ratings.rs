//! Ratings and their poll: the rating a closed chat asks for, the seeded poll's answers,
//! and the poll's end.

use iqchannels_proto::api::public::ratings::{FinishPoll, IgnoreRating, QueryPoll, Rate, SendPoll};
use iqchannels_proto::{
    ActorType, ChatEvent, ChatEventId, ChatEventType, Error, PollQuestionType, Rating, RatingId,
    RatingPoll, RatingState, RawJson,
};

use crate::caller::AuthClient;
use crate::errors::{forbidden, invalid, not_found};
use crate::now_ms;
use crate::routes::{Call, Reply, Serve};
use crate::store::Store;

/// The caller's rating `id`.
fn own_rating(store: &Store, id: RatingId, caller: &AuthClient) -> Result<Rating, Error> {
    let rating = store
        .rating(id)?
        .ok_or_else(|| not_found("no such rating"))?;
    if rating.client_id != caller.client.id {
        return Err(forbidden("the rating is another client's"));
    }
    Ok(rating)
}

impl Serve for Rate {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<Rating>, Error> {
        let store = call.app.store();
        let mut rating = own_rating(&store, call.request.rating_id, &call.caller)?;
        let form = call.request.rating;
        if !(1..=5).contains(&form.value) {
            return Err(invalid("Rating.Value: a rating is 1 to 5"));
        }
        rating.state = RatingState::Rated;
        rating.value = Some(form.value);
        rating.comment = form.comment;
        rating.updated_at = now_ms().into();
        store.update_rating(&rating)?;
        let graph = store.graph(&rating)?;
        Ok(Reply::Data(rating, graph))
    }
}

/// Stores `rating`, now ignored, with the `rating_ignored` event of the message that asked
/// for it (every official client applies it: the request is closed on each of the
/// client's devices), in one transaction, and publishes the event.
fn ignored(call: &Call<'_, impl Serve>, store: &Store, rating: &Rating) -> Result<(), Error> {
    let place = store.rating_place(rating.id)?;
    let event = place.map(|(chat, message)| {
        let mut event = ChatEvent::new(ChatEventId::new(0));
        event.kind = ChatEventType::RatingIgnored;
        event.chat_id = Some(chat);
        event.message_id = message;
        event.actor = ActorType::Client;
        event.client_id = Some(rating.client_id);
        event.public = true;
        event.created_at = rating.updated_at;
        event
    });
    let event = store.atomically(|store| {
        store.update_rating(rating)?;
        event.map(|event| store.insert_event(event)).transpose()
    })?;
    if let Some(event) = event {
        call.app.publish(store, event);
    }
    Ok(())
}

impl Serve for IgnoreRating {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<Rating>, Error> {
        let store = call.app.store();
        let mut rating = own_rating(&store, call.request.rating_id, &call.caller)?;
        if rating.state == RatingState::Pending {
            rating.state = RatingState::Ignored;
            rating.updated_at = now_ms().into();
            ignored(&call, &store, &rating)?;
        }
        let graph = store.graph(&rating)?;
        Ok(Reply::Data(rating, graph))
    }
}

/// The poll of the caller's rating `id`.
fn poll_of(store: &Store, rating: &Rating) -> Result<RatingPoll, Error> {
    let id = rating
        .rating_poll_id
        .ok_or_else(|| invalid("the rating has no poll"))?;
    store
        .rating_poll(id)?
        .ok_or_else(|| not_found("no such rating poll"))
}

/// The client's answers, one per question: each to a question of its rating's poll, of
/// that question's type, with an answer that fits it. A question that rates the chat
/// (`AsTicketRating`) sets the rating's value.
impl Serve for SendPoll {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<RawJson>, Error> {
        let store = call.app.store();
        // Every answer checked first: one that does not fit stores none of them.
        let mut checked = Vec::new();
        for (at, answer) in call
            .request
            .rating_poll_client_answer_input
            .iter()
            .enumerate()
        {
            let path = format!("RatingPollClientAnswerInput[{at}]");
            let rating = own_rating(&store, answer.rating_id, &call.caller)?;
            let poll = poll_of(&store, &rating)?;
            let question = poll
                .questions
                .iter()
                .find(|question| question.id == answer.rating_poll_question_id)
                .ok_or_else(|| invalid(format!("{path}: no such question in the poll")))?;
            if question.kind != answer.kind {
                return Err(invalid(format!(
                    "{path}.Type: the question is {}",
                    question.kind
                )));
            }
            let fits = match &question.kind {
                PollQuestionType::OneOfList | PollQuestionType::Fcr => answer
                    .rating_poll_answer_id
                    .is_some_and(|id| question.answers.iter().any(|offered| offered.id == id)),
                PollQuestionType::Stars => answer
                    .answer_stars
                    .is_some_and(|stars| (1..=5).contains(&stars)),
                PollQuestionType::Scale => match (&question.scale, answer.answer_scale) {
                    (Some(scale), Some(value)) => {
                        (scale.from_value..=scale.to_value).contains(&value)
                    }
                    _ => false,
                },
                _ => answer.answer_input.is_some(),
            };
            if !fits {
                return Err(invalid(format!("{path}: not an answer to this question")));
            }
            let value = question
                .as_ticket_rating
                .then(|| answer.answer_stars.or(answer.answer_scale))
                .flatten();
            checked.push((rating.id, answer, value));
        }
        store.atomically(|store| {
            for (rating_id, answer, value) in &checked {
                store.put_poll_answer(*rating_id, answer.rating_poll_question_id.get(), answer)?;
                if let (Some(value), Some(mut rating)) = (value, store.rating(*rating_id)?) {
                    rating.value = Some(*value);
                    rating.updated_at = now_ms().into();
                    store.update_rating(&rating)?;
                }
            }
            Ok(())
        })?;
        Ok(Reply::data(RawJson::default()))
    }
}

/// The poll ends: answered (`Rated`), or dismissed, which leaves a rating without a
/// value ignored.
impl Serve for FinishPoll {
    type Caller = AuthClient;

    fn serve(call: Call<'_, Self>) -> Result<Reply<RawJson>, Error> {
        let store = call.app.store();
        let mut rating = own_rating(&store, call.request.rating_id, &call.caller)?;
        if rating.rating_poll_id != Some(call.request.rating_poll_id) {
            return Err(invalid("RatingPollId: not this rating's poll"));
        }
        rating.updated_at = now_ms().into();
        if call.request.rated || rating.value.is_some() {
            rating.state = RatingState::Finished;
            store.update_rating(&rating)?;
        } else if rating.state != RatingState::Ignored {
            rating.state = RatingState::Ignored;
            ignored(&call, &store, &rating)?;
        }
        Ok(Reply::data(RawJson::default()))
    }
}

/// The spec does not know this method's answer (the widget defines it and never calls
/// it): the declared type's empty value, `null`, for a signed-in client.
impl Serve for QueryPoll {
    type Caller = AuthClient;

    fn serve(_: Call<'_, Self>) -> Result<Reply<RawJson>, Error> {
        Ok(Reply::data(RawJson::default()))
    }
}
