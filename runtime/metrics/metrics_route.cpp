#include "runtime/metrics/metrics_route.hpp"

#include <sstream>

#include <prometheus/collectable.h>
#include <prometheus/text_serializer.h>

namespace ds::runtime {

void add_metrics_route(Router& router, const Metrics& metrics) {
  router.add(http::verb::get, "/metrics",
             [&metrics](const HttpRequest& request, const RouteParams&, Responder respond) {
               std::vector<prometheus::MetricFamily> families;
               for (const auto& source : {metrics.registry(), metrics.process(), metrics.gpu()}) {
                 if (!source) continue;
                 auto collected = source->Collect();
                 families.insert(families.end(), std::make_move_iterator(collected.begin()),
                                 std::make_move_iterator(collected.end()));
               }
               std::ostringstream text;
               prometheus::TextSerializer().Serialize(text, families);
               HttpResponse response{http::status::ok, request.version()};
               response.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
               response.body() = text.str();
               response.prepare_payload();
               respond(std::move(response));
             });
}

}  // namespace ds::runtime
