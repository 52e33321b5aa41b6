package io.fscache.smb;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2CreateOptions;
import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.mssmb2.SMB2ImpersonationLevel;
import com.hierynomus.mssmb2.SMB2MessageCommandCode;
import com.hierynomus.mssmb2.SMB2Packet;
import com.hierynomus.mssmb2.SMB2PacketHeader;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.protocol.commons.EnumWithValue.EnumUtils;
import com.hierynomus.smb.SMBBuffer;
import java.util.Set;

/**
 * [MS-SMB2] 2.2.13 SMB2 CREATE Request, as smbj's {@code SMB2CreateRequest} writes it but with the name
 * encoded by {@link SmbNames} (smbj's encoding replaces unpaired surrogates). No create contexts; the
 * response is smbj's {@code SMB2CreateResponse}.
 */
final class SmbCreateRequest extends SMB2Packet {

    private static final int STRUCTURE_SIZE = 57;

    private final Set<AccessMask> access;
    private final long fileAttributes;
    private final SMB2CreateDisposition disposition;
    private final Set<SMB2CreateOptions> options;
    private final byte[] name;

    SmbCreateRequest(SMB2Dialect dialect, long sessionId, long treeId, String smbPath, Set<AccessMask> access,
            long fileAttributes, SMB2CreateDisposition disposition, Set<SMB2CreateOptions> options) {
        super(STRUCTURE_SIZE, dialect, SMB2MessageCommandCode.SMB2_CREATE, sessionId, treeId);
        this.access = access;
        this.fileAttributes = fileAttributes;
        this.disposition = disposition;
        this.options = options;
        this.name = SmbNames.encode(smbPath);
    }

    @Override
    protected void writeTo(SMBBuffer buffer) {
        buffer.putUInt16(STRUCTURE_SIZE);
        buffer.putByte((byte) 0); // SecurityFlags
        buffer.putByte((byte) 0); // RequestedOplockLevel: none
        buffer.putUInt32(SMB2ImpersonationLevel.Identification.getValue());
        buffer.putReserved(8); // SmbCreateFlags
        buffer.putReserved(8); // Reserved
        buffer.putUInt32(EnumUtils.toLong(access));
        buffer.putUInt32(fileAttributes);
        buffer.putUInt32(EnumUtils.toLong(SMB2ShareAccess.ALL));
        buffer.putUInt32(disposition.getValue());
        buffer.putUInt32(EnumUtils.toLong(options));
        buffer.putUInt16(SMB2PacketHeader.STRUCTURE_SIZE + STRUCTURE_SIZE - 1); // NameOffset
        buffer.putUInt16(name.length); // NameLength
        buffer.putUInt32(0); // CreateContextsOffset
        buffer.putUInt32(0); // CreateContextsLength
        // The share's root has an empty name; the buffer still holds at least one byte.
        buffer.putRawBytes(name.length == 0 ? new byte[1] : name);
    }
}
