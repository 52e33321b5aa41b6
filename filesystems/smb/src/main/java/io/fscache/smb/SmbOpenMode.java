package io.fscache.smb;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.msfscc.FileAttributes;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2CreateOptions;
import com.hierynomus.mssmb2.SMB2FileId;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;

/**
 * How a file is opened: the access asked for and the create disposition. Files are always opened
 * for reading (the engine reads around partial writes) and share read, write and delete with other
 * openers, as a local filesystem would. A re-open after reconnecting keeps the access and opens the
 * existing file ({@link #reopen}).
 */
record SmbOpenMode(boolean write, SMB2CreateDisposition disposition) {

    static SmbOpenMode of(Set<? extends OpenOption> options) {
        boolean write = options.contains(StandardOpenOption.WRITE);
        boolean truncate = write && options.contains(StandardOpenOption.TRUNCATE_EXISTING);
        SMB2CreateDisposition disposition;
        if (options.contains(StandardOpenOption.CREATE_NEW)) {
            disposition = SMB2CreateDisposition.FILE_CREATE;
        } else if (options.contains(StandardOpenOption.CREATE)) {
            disposition = truncate ? SMB2CreateDisposition.FILE_OVERWRITE_IF : SMB2CreateDisposition.FILE_OPEN_IF;
        } else {
            disposition = truncate ? SMB2CreateDisposition.FILE_OVERWRITE : SMB2CreateDisposition.FILE_OPEN;
        }
        return new SmbOpenMode(write, disposition);
    }

    /** The same access on the file that now exists. */
    SmbOpenMode reopen() {
        return new SmbOpenMode(write, SMB2CreateDisposition.FILE_OPEN);
    }

    SMB2FileId open(SmbTree tree, String smbPath) {
        Set<AccessMask> access = EnumSet.of(AccessMask.FILE_READ_DATA, AccessMask.FILE_READ_ATTRIBUTES);
        if (write) {
            access.addAll(EnumSet.of(AccessMask.FILE_WRITE_DATA, AccessMask.FILE_APPEND_DATA,
                    AccessMask.FILE_WRITE_ATTRIBUTES));
        }
        return tree.create(smbPath, access, FileAttributes.FILE_ATTRIBUTE_NORMAL.getValue(), disposition,
                EnumSet.of(SMB2CreateOptions.FILE_NON_DIRECTORY_FILE));
    }
}
