{
  "meta": { "id": "x86_pte_table", "endian": "le", "bit-endian": "le" },
  "doc": "x86-64 page-table entries, as many as the stream holds.",
  "seq": [{ "id": "entries", "type": "pte", "repeat": "eos" }],
  "types": {
    "pte": {
      "seq": [
        { "id": "present", "type": "b1" },
        { "id": "writable", "type": "b1" },
        { "id": "user", "type": "b1" },
        { "id": "write_through", "type": "b1" },
        { "id": "cache_disable", "type": "b1" },
        { "id": "accessed", "type": "b1" },
        { "id": "dirty", "type": "b1" },
        { "id": "pat", "type": "b1" },
        { "id": "global", "type": "b1" },
        { "id": "available", "type": "b3" },
        { "id": "frame_lo", "type": "b20" },
        { "id": "frame_hi", "type": "b20" },
        { "id": "available_high", "type": "b7" },
        { "id": "protection_key", "type": "b4" },
        { "id": "execute_disable", "type": "b1" }
      ],
      "instances": {
        "frame": { "value": "(frame_lo + frame_hi * 1048576) * 4096" }
      }
    }
  }
}
