// anatomy/io: reading a glTF accessor's numbers with every index, stride and byte range checked
// against its buffer view and buffer first, so a malformed file is an error, never a read out of
// bounds (sparse accessors and normalised integers included).
#pragma once

#include "core/Result.h"

#include <tiny_gltf.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

namespace anatomy::io {

class AccessorReader {
public:
    AccessorReader(const tinygltf::Model& model, std::string fileName)
        : m_model(model), m_file(std::move(fileName)) {}

    // Reads a float accessor of `components` per element (normalised integers converted).
    core::Result<std::vector<float>> readFloats(int accessorIndex, int components) const {
        auto view = locate(accessorIndex, components);
        if (!view)
            return view.error();
        const tinygltf::Accessor& acc = m_model.accessors[static_cast<size_t>(accessorIndex)];
        std::vector<float> out(acc.count * static_cast<size_t>(components), 0.0f);
        if (view->data) {
            for (size_t i = 0; i < acc.count; ++i)
                for (int c = 0; c < components; ++c)
                    out[i * components + c] =
                        componentAsFloat(view->data + i * view->stride + c * view->componentSize,
                                         acc.componentType, acc.normalized);
        }
        if (acc.sparse.isSparse) {
            auto status = applySparse(acc, components, out);
            if (!status)
                return status.error();
        }
        for (float v : out)
            if (!std::isfinite(v))
                return fail("accessor " + std::to_string(accessorIndex) +
                            " holds a non-finite number");
        return out;
    }

    core::Result<std::vector<std::uint32_t>> readIndices(int accessorIndex) const {
        auto view = locate(accessorIndex, 1);
        if (!view)
            return view.error();
        const tinygltf::Accessor& acc = m_model.accessors[static_cast<size_t>(accessorIndex)];
        if (acc.componentType != TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE &&
            acc.componentType != TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT &&
            acc.componentType != TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT)
            return fail("index accessor " + std::to_string(accessorIndex) +
                        " is not of an unsigned integer type");
        if (acc.sparse.isSparse || !view->data)
            return fail("index accessor " + std::to_string(accessorIndex) +
                        " is sparse or has no buffer view");
        std::vector<std::uint32_t> out(acc.count);
        for (size_t i = 0; i < acc.count; ++i)
            out[i] = componentAsIndex(view->data + i * view->stride, acc.componentType);
        return out;
    }

    core::Error fail(const std::string& what) const { return core::badInput(m_file + ": " + what); }

private:
    struct View {
        const unsigned char* data = nullptr; // null: no buffer view (all zeros, maybe sparse)
        size_t stride = 0;
        size_t componentSize = 0;
    };

    static int componentCount(int type) {
        switch (type) {
        case TINYGLTF_TYPE_SCALAR:
            return 1;
        case TINYGLTF_TYPE_VEC2:
            return 2;
        case TINYGLTF_TYPE_VEC3:
            return 3;
        case TINYGLTF_TYPE_VEC4:
            return 4;
        default:
            return 0;
        }
    }
    static size_t componentSize(int componentType) {
        switch (componentType) {
        case TINYGLTF_COMPONENT_TYPE_BYTE:
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE:
            return 1;
        case TINYGLTF_COMPONENT_TYPE_SHORT:
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT:
            return 2;
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT:
        case TINYGLTF_COMPONENT_TYPE_FLOAT:
            return 4;
        default:
            return 0;
        }
    }

    // Checks every index and byte range before anything is read.
    core::Result<View> locate(int accessorIndex, int components) const {
        const std::string what = "accessor " + std::to_string(accessorIndex);
        if (accessorIndex < 0 || static_cast<size_t>(accessorIndex) >= m_model.accessors.size())
            return fail(what + " does not exist");
        const tinygltf::Accessor& acc = m_model.accessors[static_cast<size_t>(accessorIndex)];
        if (componentCount(acc.type) != components)
            return fail(what + " has " + std::to_string(componentCount(acc.type)) +
                        " components per element, expected " + std::to_string(components));
        const size_t compSize = componentSize(acc.componentType);
        if (compSize == 0)
            return fail(what + " has an invalid component type");
        if (acc.count > (1u << 28))
            return fail(what + " declares an implausible element count");
        View view;
        view.componentSize = compSize;
        if (acc.bufferView < 0)
            return view; // zeros, possibly with sparse substitution
        if (static_cast<size_t>(acc.bufferView) >= m_model.bufferViews.size())
            return fail(what + " refers to a missing buffer view");
        const tinygltf::BufferView& bv = m_model.bufferViews[static_cast<size_t>(acc.bufferView)];
        if (bv.buffer < 0 || static_cast<size_t>(bv.buffer) >= m_model.buffers.size())
            return fail(what + ": its buffer view refers to a missing buffer");
        const tinygltf::Buffer& buffer = m_model.buffers[static_cast<size_t>(bv.buffer)];
        const size_t elementSize = compSize * static_cast<size_t>(components);
        view.stride = bv.byteStride != 0 ? bv.byteStride : elementSize;
        if (view.stride < elementSize)
            return fail(what + ": byte stride smaller than an element");
        if (bv.byteOffset > buffer.data.size() ||
            bv.byteLength > buffer.data.size() - bv.byteOffset)
            return fail(what + ": buffer view runs past the end of its buffer");
        if (acc.count > 0) {
            const size_t needed = acc.byteOffset + (acc.count - 1) * view.stride + elementSize;
            if (acc.byteOffset > bv.byteLength || needed > bv.byteLength)
                return fail(what + " runs past the end of its buffer view");
        }
        view.data = buffer.data.data() + bv.byteOffset + acc.byteOffset;
        return view;
    }

    core::Status applySparse(const tinygltf::Accessor& acc, int components,
                             std::vector<float>& out) const {
        const auto& sp = acc.sparse;
        if (sp.count < 0 || static_cast<size_t>(sp.count) > acc.count)
            return fail("sparse accessor has an invalid count");
        auto slice = [&](int viewIndex, int byteOffset, size_t bytes) -> const unsigned char* {
            if (viewIndex < 0 || static_cast<size_t>(viewIndex) >= m_model.bufferViews.size() ||
                byteOffset < 0)
                return nullptr;
            const auto& bv = m_model.bufferViews[static_cast<size_t>(viewIndex)];
            if (bv.buffer < 0 || static_cast<size_t>(bv.buffer) >= m_model.buffers.size())
                return nullptr;
            const auto& buf = m_model.buffers[static_cast<size_t>(bv.buffer)];
            if (bv.byteOffset > buf.data.size() ||
                bv.byteLength > buf.data.size() - bv.byteOffset ||
                static_cast<size_t>(byteOffset) + bytes > bv.byteLength)
                return nullptr;
            return buf.data.data() + bv.byteOffset + byteOffset;
        };
        const size_t indexSize = componentSize(sp.indices.componentType);
        const size_t valueSize = componentSize(acc.componentType);
        const size_t n = static_cast<size_t>(sp.count);
        const unsigned char* indices =
            slice(sp.indices.bufferView, sp.indices.byteOffset, n * indexSize);
        const unsigned char* values =
            slice(sp.values.bufferView, sp.values.byteOffset, n * valueSize * components);
        if (indexSize == 0 || sp.indices.componentType == TINYGLTF_COMPONENT_TYPE_BYTE ||
            sp.indices.componentType == TINYGLTF_COMPONENT_TYPE_SHORT ||
            sp.indices.componentType == TINYGLTF_COMPONENT_TYPE_FLOAT || !indices || !values)
            return fail("sparse accessor refers to missing or too short data");
        for (size_t i = 0; i < n; ++i) {
            const std::uint32_t target =
                componentAsIndex(indices + i * indexSize, sp.indices.componentType);
            if (target >= acc.count)
                return fail("sparse accessor index out of range");
            for (int c = 0; c < components; ++c)
                out[target * components + c] = componentAsFloat(
                    values + (i * components + c) * valueSize, acc.componentType, acc.normalized);
        }
        return core::Ok{};
    }

    static float componentAsFloat(const unsigned char* p, int type, bool normalized) {
        switch (type) {
        case TINYGLTF_COMPONENT_TYPE_FLOAT: {
            float f;
            std::memcpy(&f, p, 4);
            return f;
        }
        case TINYGLTF_COMPONENT_TYPE_BYTE: {
            const auto v = static_cast<float>(*reinterpret_cast<const std::int8_t*>(p));
            return normalized ? std::max(v / 127.0f, -1.0f) : v;
        }
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE:
            return normalized ? *p / 255.0f : static_cast<float>(*p);
        case TINYGLTF_COMPONENT_TYPE_SHORT: {
            std::int16_t v;
            std::memcpy(&v, p, 2);
            return normalized ? std::max(v / 32767.0f, -1.0f) : static_cast<float>(v);
        }
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: {
            std::uint16_t v;
            std::memcpy(&v, p, 2);
            return normalized ? v / 65535.0f : static_cast<float>(v);
        }
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT: {
            std::uint32_t v;
            std::memcpy(&v, p, 4);
            return static_cast<float>(v);
        }
        default:
            return 0.0f;
        }
    }
    static std::uint32_t componentAsIndex(const unsigned char* p, int type) {
        switch (type) {
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE:
            return *p;
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: {
            std::uint16_t v;
            std::memcpy(&v, p, 2);
            return v;
        }
        default: {
            std::uint32_t v;
            std::memcpy(&v, p, 4);
            return v;
        }
        }
    }

    const tinygltf::Model& m_model;
    std::string m_file;
};

} // namespace anatomy::io
