"""Sample answers of our own making, for drills and scoring: specific ones and empty ones."""

STRONG_STORY = [
    "In 2023 our checkout service was timing out for 4% of orders at peak. I was the tech lead and my task was "
    "to fix it before Prime Day, 6 weeks away. I led the investigation and I found that a synchronous call to "
    "the fraud service added 800ms at p99.",
    "I personally proposed moving the fraud check to an asynchronous pre-authorisation and I wrote the design "
    "doc. I convinced the payments team by showing the p99 data from 3 regions.",
    "We considered caching fraud scores versus scaling the fraud fleet versus going asynchronous. Caching was "
    "cheaper but stale for new cards; scaling cost $40k a month; I chose async because the trade-off favoured "
    "latency without hurting fraud catch rate.",
    "As a result checkout timeouts dropped from 4% to 0.3% and p99 latency went from 1.9 s to 700ms; Prime Day "
    "revenue loss from timeouts fell by $2M. I learned to instrument the dependency chain first; next time I "
    "would load test the fraud path before launch.",
    "Going forward I apply this by writing a dependency latency budget into every design review, and at Amazon "
    "I would bring that mechanism to the team's operational readiness reviews.",
]

VAGUE_STORY = [
    "We had a project that was quite complex and the team worked really hard on it. It went well in the end.",
    "The team did a lot of things to make it work. Everyone was involved and we collaborated closely.",
    "We talked about different things and decided on the best approach as a group.",
    "It was successful and people were happy with it. We delivered it.",
    "It was a good experience overall.",
]

LONG_EMPTY_STORY = [
    " ".join(
        [
            "We always try to do the right thing for the customer and we worked really hard as a team to deliver "
            "great results, and we made sure that everyone was aligned and happy with the direction we took, "
            "because alignment is very important and communication is key in any project of this kind."
        ]
        * 12
    ),
    " ".join(["The team collaborated and things improved a lot over time, which everyone appreciated."] * 15),
    " ".join(["We looked at many aspects and discussed them thoroughly in many meetings together."] * 15),
    " ".join(["Overall it was a great learning experience for all of us and the project was a success."] * 15),
    " ".join(["We continue to work this way and it has been good for the organisation as a whole."] * 15),
]

STRONG_DESIGN = [
    "First I would clarify requirements: riders request trips, drivers accept, functional scope is matching, "
    "pricing and tracking; non-functional: p99 match latency under 2 s and 99.99% availability. I assume 50 "
    "million riders, 5 million drivers, and a peak of 300k location updates per second.",
    "The high-level design: a location service ingesting driver GPS over websockets into a geo index sharded "
    "by city, a matching service, a trip service and a pricing service behind an API gateway, with Kafka "
    "between them. Trips are stored in DynamoDB with trip_id as the partition key; driver locations live in "
    "an in-memory geo index partitioned by geohash.",
    "For failure handling each city shard has a replica in a second availability zone with automatic failover; "
    "matching requests are idempotent with a request id and retried with backoff; if pricing is down we degrade "
    "to the last known multiplier.",
    "The trade-off: strong consistency on trip state versus availability of location data, where I accept "
    "eventual consistency for locations. I chose per-city shards rather than a global index because cross-city "
    "trips are under 1% of traffic.",
]

VAGUE_DESIGN = [
    "I would build an app where riders and drivers connect. It would use the cloud and be scalable.",
    "There would be a backend that does the matching and it would be fast.",
    "It would be reliable and handle lots of users.",
    "We would make it good for everyone.",
]
