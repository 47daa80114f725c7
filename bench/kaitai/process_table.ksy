{
  "meta": { "id": "process_table", "endian": "le", "bit-endian": "le" },
  "doc": "Coyotos Process objects (x86_64, 632 bytes each), as many as the stream holds.",
  "seq": [{ "id": "records", "type": "process", "repeat": "eos" }],
  "types": {
    "process": {
      "seq": [
        { "id": "run_state", "type": "u1" },
        { "id": "pad0", "size": 1 },
        { "id": "flags", "type": "u2" },
        { "id": "notices", "type": "u4" },
        { "id": "fault_code", "type": "u4" },
        { "id": "pad1", "size": 4 },
        { "id": "fault_info", "type": "u8" },
        { "id": "caps", "type": "capability", "repeat": "expr", "repeat-expr": 38 }
      ]
    },
    "capability": {
      "seq": [
        { "id": "type", "type": "b6" },
        { "id": "swizzled", "type": "b1" },
        { "id": "restr", "type": "b5" },
        { "id": "alloc_count", "type": "b20" },
        {
          "id": "info",
          "type": {
            "switch-on": "type",
            "cases": { "0x3f": "u4", "0x01": "mem_info", "0x02": "mem_info", "0x21": "mem_info", "0x22": "mem_info", "0x23": "mem_info", "_": "u4" }
          }
        },
        { "id": "payload", "type": "u8" }
      ]
    },
    "mem_info": {
      "seq": [
        { "id": "l2g", "type": "b7" },
        { "id": "unused", "type": "b1" },
        { "id": "match", "type": "b24" }
      ]
    }
  }
}
