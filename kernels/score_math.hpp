#pragma once

// The score of one (h, r, t) and its gradient, per model (embedding.hpp),
// written once for the CPU and for CUDA device code (__host__ __device__
// under nvcc). Rows are plain float arrays; ComplEx and RotatE read an
// entity row as d/2 real parts then d/2 imaginary parts.

#include <cmath>
#include <cstdint>

#include "kernels/embedding.hpp"

#if defined(__CUDACC__)
#define DS_HOST_DEVICE __host__ __device__
#else
#define DS_HOST_DEVICE
#endif

namespace ds::kernels {

/// Adds `value` at `into`: atomically on the device, where threads of
/// other pairs add into the same row's sum; plainly on the host.
DS_HOST_DEVICE inline void accumulate(float* into, float value) {
#if defined(__CUDA_ARCH__)
  atomicAdd(into, value);
#else
  *into += value;
#endif
}

/// Where a triple's gradient goes: `weight` x d score / d row is added to
/// each non-null array (the caller's accumulators).
struct GradientSink {
  float weight = 0;
  float* head = nullptr;
  float* relation = nullptr;
  float* tail = nullptr;
};

DS_HOST_DEVICE inline float sign_of(float x) { return x > 0 ? 1.0f : (x < 0 ? -1.0f : 0.0f); }

DS_HOST_DEVICE inline float transe_score(bool l1, const float* h, const float* r, const float* t,
                                         uint32_t d, float gamma, const GradientSink* sink) {
  float distance = 0;
  for (uint32_t i = 0; i < d; ++i) {
    float v = h[i] + r[i] - t[i];
    distance += l1 ? fabsf(v) : v * v;
  }
  if (!l1) distance = sqrtf(distance);
  if (sink != nullptr) {
    for (uint32_t i = 0; i < d; ++i) {
      float v = h[i] + r[i] - t[i];
      // d score / d v = -d distance / d v
      float g = l1 ? -sign_of(v) : (distance > 0 ? -v / distance : 0.0f);
      g *= sink->weight;
      if (sink->head) accumulate(&sink->head[i], g);
      if (sink->relation) accumulate(&sink->relation[i], g);
      if (sink->tail) accumulate(&sink->tail[i], -(g));
    }
  }
  return gamma - distance;
}

DS_HOST_DEVICE inline float distmult_score(const float* h, const float* r, const float* t,
                                           uint32_t d, const GradientSink* sink) {
  float score = 0;
  for (uint32_t i = 0; i < d; ++i) {
    score += h[i] * r[i] * t[i];
    if (sink != nullptr) {
      float w = sink->weight;
      if (sink->head) accumulate(&sink->head[i], w * r[i] * t[i]);
      if (sink->relation) accumulate(&sink->relation[i], w * h[i] * t[i]);
      if (sink->tail) accumulate(&sink->tail[i], w * h[i] * r[i]);
    }
  }
  return score;
}

DS_HOST_DEVICE inline float complex_score(const float* h, const float* r, const float* t,
                                          uint32_t d, const GradientSink* sink) {
  const uint32_t n = d / 2;
  float score = 0;
  for (uint32_t i = 0; i < n; ++i) {
    float hr = h[i], hi = h[n + i], rr = r[i], ri = r[n + i], tr = t[i], ti = t[n + i];
    score += hr * rr * tr + hi * rr * ti + hr * ri * ti - hi * ri * tr;
    if (sink != nullptr) {
      float w = sink->weight;
      if (sink->head) {
        accumulate(&sink->head[i], w * (rr * tr + ri * ti));
        accumulate(&sink->head[n + i], w * (rr * ti - ri * tr));
      }
      if (sink->relation) {
        accumulate(&sink->relation[i], w * (hr * tr + hi * ti));
        accumulate(&sink->relation[n + i], w * (hr * ti - hi * tr));
      }
      if (sink->tail) {
        accumulate(&sink->tail[i], w * (hr * rr - hi * ri));
        accumulate(&sink->tail[n + i], w * (hi * rr + hr * ri));
      }
    }
  }
  return score;
}

DS_HOST_DEVICE inline float rotate_score(const float* h, const float* phase, const float* t,
                                         uint32_t d, float gamma, const GradientSink* sink) {
  const uint32_t n = d / 2;
  float distance = 0;
  for (uint32_t i = 0; i < n; ++i) {
    float c = cosf(phase[i]), s = sinf(phase[i]);
    float hr = h[i], hi = h[n + i];
    float a = hr * c - hi * s - t[i];
    float b = hr * s + hi * c - t[n + i];
    float m = sqrtf(a * a + b * b);
    distance += m;
    if (sink != nullptr && m > 0) {
      float w = -sink->weight / m;  // d score / d m = -1, times d m / d (a, b) = (a, b) / m
      if (sink->head) {
        accumulate(&sink->head[i], w * (a * c + b * s));
        accumulate(&sink->head[n + i], w * (-a * s + b * c));
      }
      if (sink->relation)
        accumulate(&sink->relation[i], w * (a * (-hr * s - hi * c) + b * (hr * c - hi * s)));
      if (sink->tail) {
        accumulate(&sink->tail[i], -(w * a));
        accumulate(&sink->tail[n + i], -(w * b));
      }
    }
  }
  return gamma - distance;
}

/// The score of (h, r, t) under `model`; with a sink, its gradient too.
DS_HOST_DEVICE inline float score_triple(ScoreModel model, const float* h, const float* r,
                                         const float* t, uint32_t d, float gamma,
                                         const GradientSink* sink = nullptr) {
  switch (model) {
    case ScoreModel::transe_l1:
      return transe_score(true, h, r, t, d, gamma, sink);
    case ScoreModel::transe_l2:
      return transe_score(false, h, r, t, d, gamma, sink);
    case ScoreModel::distmult:
      return distmult_score(h, r, t, d, sink);
    case ScoreModel::complex:
      return complex_score(h, r, t, d, sink);
    case ScoreModel::rotate:
      return rotate_score(h, r, t, d, gamma, sink);
  }
  return 0;
}

/// log(sigmoid(x)), stable for large |x|.
DS_HOST_DEVICE inline float log_sigmoid(float x) {
  return x >= 0 ? -log1pf(expf(-x)) : x - log1pf(expf(x));
}

DS_HOST_DEVICE inline float sigmoid(float x) {
  return x >= 0 ? 1.0f / (1.0f + expf(-x)) : expf(x) / (1.0f + expf(x));
}

}  // namespace ds::kernels

namespace ds::kernels {

/// One (positive, negative) pair's share of the batch loss and its
/// derivatives by the two scores; `pairs` = positives x negatives per chunk.
/// logsigmoid (DGL-KE): (-log sig(s_p) - log sig(-s_n)) / 2 over the pairs
/// (each positive's term spread over its negatives); margin ranking:
/// max(0, margin - s_p + s_n) over the pairs.
struct PairLoss {
  float loss = 0;
  float d_positive = 0;
  float d_negative = 0;
};

DS_HOST_DEVICE inline PairLoss pair_loss(Loss loss, float margin, float positive, float negative,
                                         float pairs) {
  PairLoss out;
  if (loss == Loss::logsigmoid) {
    out.loss = -0.5f * (log_sigmoid(positive) + log_sigmoid(-negative)) / pairs;
    out.d_positive = -0.5f * (1.0f - sigmoid(positive)) / pairs;
    out.d_negative = 0.5f * sigmoid(negative) / pairs;
  } else {
    float violation = margin - positive + negative;
    if (violation > 0) {
      out.loss = violation / pairs;
      out.d_positive = -1.0f / pairs;
      out.d_negative = 1.0f / pairs;
    }
  }
  return out;
}

}  // namespace ds::kernels
