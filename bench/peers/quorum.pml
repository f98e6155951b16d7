/*
 * quorum.pml: the Promela peer of quorumlab's quorum model, for the bench's SPIN comparison.
 *
 * This is a TEMPLATE: `bench/peers/promela.ts` fills the @...@ slots for one cluster size
 * (N home replicas, W/R quorums, one operation per client) and writes every guarded command
 * out, so the generated model has no loops over nodes or cuts in its control flow.
 *
 * The protocol (the quorumlab configuration it mirrors: --quorum strict --resolve lww
 * --clock logical --read-repair off --mode quorum, partitions and crashes with budgets, no
 * drops, no state loss, no spares, no symmetry):
 *   - each client coordinates its own operation: invoking sends a request to all N home
 *     replicas (strict quorum: reachable or not), a write carrying version
 *     (writes invoked so far + 1, writer client), i.e. a logical counter standing for ABD's
 *     query phase;
 *   - a replica that receives a write keeps the higher version (last-write-wins) and acks
 *     while the write is still pending; a read request is answered with the replica's entry;
 *   - a write completes with W acks, a read with R replies and returns the highest version
 *     among them; completion discards the operation's in-flight acks, read requests and
 *     replies (write requests stay in flight and are still applied later);
 *   - messages are delivered in any order, when both ends are on the same side of the
 *     partition and a receiving replica is up (messages to a crashed replica wait for it);
 *   - a client whose operation can no longer gather its quorum with the messages that can
 *     move now may give up (status timeout; nothing applied is rolled back);
 *   - one partition (any split of the endpoints with replica 0 on side 0, both sides holding
 *     a replica) while the network is whole, heal; a crash of any up replica (budget),
 *     recovery of a crashed one (no data lost).
 *
 * State correspondence. quorumlab's state is (replicas' entries, down mask, cut, clients with
 * their pending operation, the multiset of messages, the history, the budgets). Here:
 *   rver[h]               replica h's entry, as a version code ts*8 + writer (0: initial value 0)
 *   down, cut             the same bitmasks (endpoints: replicas 0..N-1, then clients N..)
 *   pc[c]                 whether client c has invoked its (single) operation
 *   h*[k]                 history operation k (in invocation order, as quorumlab's ids):
 *                         client, status, value, `after` (ok operations at invocation), version
 *   req[k], resp[k]       the in-flight messages of operation k: with one request per replica
 *                         and one response per request, a message is named by (kind, op,
 *                         replica), so the multiset is a pair of bitmasks; respver carries a
 *                         reply's entry
 *   got[k], gotver        the pending operation's acks / replies received so far
 * Every field that quorumlab drops when an operation ends (pending, its acks and replies) is
 * reset to 0 here, so the two state spaces are in bijection: there is one process, every
 * transition is a d_step from the loop head back to it, and the scratch variables are
 * `hidden` (not in the state vector). SPIN must be run with `-o2`: by default it hides
 * write-only variables, and hvalue (a read's returned value, judged by the assert when the
 * read completes and never read again) is one, which merges states quorumlab keeps apart
 * (N=3 W=R=2 w1;r: 2696 states instead of 2742).
 *
 * Where the counts differ: SPIN's transitions are quorumlab's plus one (the initial step);
 * quorumlab with symmetry on stores a quotient (fewer states); a violated property stops
 * both searches early at different points (SPIN searches depth-first, quorumlab
 * breadth-first for a shortest counterexample), so only the verdicts compare there.
 * Partial-order reduction has nothing to reduce in a one-process model; the bench runs it
 * anyway and reports it.
 *
 * What was checked to believe the two are the same protocol (test/bench/promela.test.ts):
 * equal state counts, both holding, for N=3 W=R=2 w1;r without faults (2742) and with one
 * crash (13710), N=2 W=2 R=1 w1;w2;r; by hand, N=3 W=R=2 w1;r with one partition (44045) and
 * with a partition and a crash (229387); with W = R = 1 both find a stale read. While the
 * peer was written, the states SPIN visits were also dumped from inside every d_step and
 * their distinct count compared with the model's, which is how the -o2 issue above was found.
 *
 * stale-read is an assert evaluated when a read completes: it returned the initial value
 * after some ok write had completed before the read began, or the value of an ok write j that
 * some ok write m superseded (j completed before m was invoked, m completed before the read
 * began). Staleness cannot change after a read completes (its superseders were ok already),
 * so checking once equals quorumlab checking the history in every state.
 */

#define N @N@
#define W @W@
#define R @R@
#define C @C@
#define ALL @ALL@

#define NONE 0
#define PENDING 1
#define OK 2
#define TIMEOUT 3

/* The value a version names (its writer's value), whether client c writes, an op's quorum. */
#define VALUE(v) @VALUE_OF@
#define ISWRITE(c) @IS_WRITE@
#define REQUIRED(k) (ISWRITE(hclient[k]) -> W : R)
#define POPCOUNT_GOT(k) (@POPCOUNT_GOT@)

byte rver[N];
byte down;
short cut;
byte partitionsLeft = @PARTITIONS@;
byte crashesLeft = @CRASHES@;
byte pc[C];
byte nhist;
byte hclient[C];
byte hstatus[C];
byte hvalue[C];
byte hafter[C];
byte hver[C];
byte req[C];
byte resp[C];
byte respver[C * N];
byte got[C];
byte gotver[C * N];

hidden byte k0, tmp, j, m, stale;

#define INVOKE(c, isw, v) \
  k0 = nhist; \
  hclient[k0] = c; hstatus[k0] = PENDING; hvalue[k0] = v; \
  hafter[k0] = @OK_MASK@; \
  hver[k0] = (isw -> (@WRITES_BEFORE@ + 1) * 8 + c : 0); \
  req[k0] = ALL; pc[c] = 1; nhist++

#define CLEAR_REPLIES(k) @CLEAR_REPLIES@

/* The write whose version is tmp (tmp != 0), into j. */
#define FIND_SOURCE @FIND_SOURCE@

#define STALE_CHECK(k) \
  stale = 0; \
  if \
  :: tmp == 0 -> \
     @STALE_INITIAL@ \
  :: else -> \
     FIND_SOURCE; \
     if \
     :: hstatus[j] == OK -> \
        @STALE_SOURCE@ \
     :: else -> skip \
     fi \
  fi; \
  assert(stale == 0)

#define COMPLETE_READ(k) \
  tmp = 0; \
  @MAX_REPLY@; \
  hvalue[k] = VALUE(tmp); hstatus[k] = OK; \
  STALE_CHECK(k); \
  got[k] = 0; resp[k] = 0; req[k] = 0; \
  CLEAR_REPLIES(k)

#define DELIVER_REQUEST(k, h) \
  req[k] = req[k] & (255 ^ (1 << h)); \
  if \
  :: ISWRITE(hclient[k]) -> \
     if \
     :: hver[k] > rver[h] -> rver[h] = hver[k] \
     :: else -> skip \
     fi; \
     if \
     :: hstatus[k] == PENDING -> resp[k] = resp[k] | (1 << h) \
     :: else -> skip \
     fi \
  :: else -> \
     resp[k] = resp[k] | (1 << h); respver[k * N + h] = rver[h] \
  fi

#define DELIVER_RESPONSE(k, h) \
  resp[k] = resp[k] & (255 ^ (1 << h)); \
  got[k] = got[k] | (1 << h); \
  if \
  :: ISWRITE(hclient[k]) -> \
     if \
     :: POPCOUNT_GOT(k) >= W -> hstatus[k] = OK; got[k] = 0; resp[k] = 0 \
     :: else -> skip \
     fi \
  :: else -> \
     gotver[k * N + h] = respver[k * N + h]; respver[k * N + h] = 0; \
     if \
     :: POPCOUNT_GOT(k) >= R -> COMPLETE_READ(k) \
     :: else -> skip \
     fi \
  fi

#define GIVE_UP(k) \
  hstatus[k] = TIMEOUT; got[k] = 0; resp[k] = 0; \
  if \
  :: ISWRITE(hclient[k]) -> skip \
  :: else -> req[k] = 0 \
  fi; \
  CLEAR_REPLIES(k)

active proctype cluster() {
end:
  do
@INVOKES@
@DELIVERS@
@GIVE_UPS@
@PARTITIONS_OPTIONS@
  :: d_step { cut != 0 -> cut = 0 }
@CRASHES_OPTIONS@
@RECOVERS_OPTIONS@
  od
}
